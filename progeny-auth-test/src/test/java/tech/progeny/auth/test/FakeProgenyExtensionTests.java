package tech.progeny.auth.test;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeProgenyExtensionTests {

	private static final AtomicReference<FakeProgenyServer> FIRST = new AtomicReference<>();

	@RegisterExtension
	static FakeProgenyExtension progeny = new FakeProgenyExtension();

	@AfterAll
	static void serverIsNotClosedBeforeAfterAllOfTheTestClass() {
		assertThat(FIRST.get().isClosed()).isFalse();
	}

	@Test
	@Order(1)
	void injectsTheRunningServerIntoParameters(FakeProgenyServer server) {
		FIRST.set(server);
		assertThat(server).isSameAs(progeny.server());
		assertThat(progeny.baseUrl()).isEqualTo(server.baseUrl());
		assertThat(progeny.username()).isEqualTo(FakeProgenyServer.DEFAULT_USERNAME);
		assertThat(progeny.password()).isEqualTo(FakeProgenyServer.DEFAULT_PASSWORD);
		assertThat(obtain(server).statusCode()).isEqualTo(200);
		server.faults().failNext(1, 503);
		server.users().deactivate(FakeProgenyServer.DEFAULT_USERNAME);
	}

	@Test
	@Order(2)
	void resetsCountersFaultsAndUsersBeforeEachTest(FakeProgenyServer server) {
		assertThat(server).isSameAs(FIRST.get());
		assertThat(server.counters().obtainRequests()).isZero();
		assertThat(obtain(server).statusCode()).isEqualTo(200);
	}

	@Nested
	class WhenNested {

		@Test
		void sharesTheOuterServer(FakeProgenyServer server) {
			assertThat(server).isSameAs(progeny.server());
			assertThat(server.isClosed()).isFalse();
		}

	}

	private static java.net.http.HttpResponse<String> obtain(FakeProgenyServer server) {
		return Http.postJson(server.url(FakeProgenyServer.OBTAIN_PATH),
				Http.credentials(server.username(), server.password()));
	}

}
