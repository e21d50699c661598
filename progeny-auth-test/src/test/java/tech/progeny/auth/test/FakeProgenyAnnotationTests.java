package tech.progeny.auth.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@FakeProgeny
class FakeProgenyAnnotationTests {

	@Test
	void annotationRunsAServerAndInjectsIt(FakeProgenyServer progeny) {
		assertThat(progeny.isClosed()).isFalse();
		assertThat(Http.postJson(progeny.url(FakeProgenyServer.OBTAIN_PATH),
				Http.credentials(progeny.username(), progeny.password()))
			.statusCode()).isEqualTo(200);
	}

}
