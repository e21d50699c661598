package tech.progeny.auth.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.restclient.test.MockServerRestClientCustomizer;
import org.springframework.boot.restclient.test.autoconfigure.RestClientTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

/**
 * What {@code @RestClientTest} does with progeny-auth, as the README describes it. The
 * slice does not include {@link ProgenyAuthAutoConfiguration} (without the import below
 * there is no {@code progenyRestClient} and {@link ProgenyDemoService} cannot be
 * created); imported, the token requests and {@code progenyRestClient} use a real HTTP
 * client, here against the fake that the sample embeds.
 */
@RestClientTest(ProgenyDemoService.class)
@ImportAutoConfiguration(ProgenyAuthAutoConfiguration.class)
class SampleRestClientTestTests {

	private static final String THINGS_PATH = "/api/v3/things/";

	@Autowired
	private ProgenyDemoService demoService;

	@Autowired
	private FakeProgenyServer fakeProgeny;

	@Autowired
	private MockRestServiceServer mockServer;

	@Autowired
	private MockServerRestClientCustomizer mockServerCustomizer;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Test
	void progenyRestClientAndHttpServicesBypassMockRestServiceServer() {
		long apiRequests = this.fakeProgeny.counters().apiRequests();
		assertThat(this.demoService.readWithRestClient()).isEqualTo(HttpStatus.OK);
		assertThat(this.demoService.readWithHttpService()).isEqualTo(HttpStatus.OK);
		assertThat(this.fakeProgeny.counters().apiRequests()).isEqualTo(apiRequests + 2);
	}

	@Test
	void autoConfiguredMockRestServiceServerIsAmbiguousOnceProgenyClientsAreBuilt() {
		// progenyRestClient and the HTTP service clients are built from Boot's builders too
		assertThatIllegalStateException().isThrownBy(() -> this.mockServer.expect(requestTo(THINGS_PATH)))
			.withMessageContaining("bound to more than one RestClient");
	}

	@Test
	void clientFromBootsBuilderIsMockedAndAuthenticatedForProgenysOrigin() {
		MockRestServiceServer server = this.mockServerCustomizer.getServer(this.restClientBuilder);
		server.expect(requestTo(this.fakeProgeny.baseUrl() + THINGS_PATH))
			.andExpect(header(HttpHeaders.AUTHORIZATION, startsWith("Bearer ")))
			.andRespond(withSuccess());
		RestClient client = this.restClientBuilder.baseUrl(this.fakeProgeny.baseUrl()).build();
		assertThat(client.get().uri(THINGS_PATH).retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.OK);
		server.verify();
		// the token itself came from the fake, over HTTP
		assertThat(this.fakeProgeny.counters().obtainRequests()).isOne();
	}

}
