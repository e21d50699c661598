package tech.progeny.auth.client;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProgenyOriginTests {

	private final ProgenyOrigin origin = ProgenyOrigin.of(URI.create("https://be.progeny.tech/api"));

	@Test
	void matchesWhenSameSchemeHostAndPortIgnoringCaseDefaultPortAndPath() {
		assertThat(this.origin.matches(URI.create("https://be.progeny.tech/api/v3/x"))).isTrue();
		assertThat(this.origin.matches(URI.create("HTTPS://BE.Progeny.Tech:443/other"))).isTrue();
	}

	@Test
	void matchesWhenOtherSchemeHostOrPortThenFalse() {
		assertThat(this.origin.matches(URI.create("http://be.progeny.tech/api"))).isFalse();
		assertThat(this.origin.matches(URI.create("https://be.progeny.tech:8443/api"))).isFalse();
		assertThat(this.origin.matches(URI.create("https://evil.example/api"))).isFalse();
		assertThat(this.origin.matches(URI.create("https://be.progeny.tech.evil.example/api"))).isFalse();
		assertThat(this.origin.matches(URI.create("/relative"))).isFalse();
	}

	@Test
	void httpDefaultPortIsEighty() {
		ProgenyOrigin http = ProgenyOrigin.of(URI.create("http://localhost"));
		assertThat(http.matches(URI.create("http://localhost:80/x"))).isTrue();
		assertThat(http.matches(URI.create("http://localhost:8080/x"))).isFalse();
	}

	@Test
	void loopbackHostsAreRecognisedWithoutResolvingNames() {
		assertThat(ProgenyOrigin.of(URI.create("http://localhost:1")).isLoopback()).isTrue();
		assertThat(ProgenyOrigin.of(URI.create("http://127.0.0.2:1")).isLoopback()).isTrue();
		assertThat(ProgenyOrigin.of(URI.create("http://[::1]:1")).isLoopback()).isTrue();
		assertThat(ProgenyOrigin.of(URI.create("http://10.0.0.1:1")).isLoopback()).isFalse();
		assertThat(ProgenyOrigin.of(URI.create("http://be.progeny.tech")).isLoopback()).isFalse();
	}

	@Test
	void ofWhenNotAnAbsoluteHttpUrlThenFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProgenyOrigin.of(URI.create("ftp://x")));
		assertThatIllegalArgumentException().isThrownBy(() -> ProgenyOrigin.of(URI.create("/relative")));
	}

}
