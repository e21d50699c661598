package tech.progeny.auth.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Issue 9's redirect matrix: every request factory Spring Boot builds x http and https x
 * {@code progeny.auth.customize-clients} on and off x every way a host application reaches
 * Progeny x every redirect status, each redirect from Progeny's origin to a second
 * loopback origin. No redirect of a request to Progeny's origin is followed, so that
 * origin receives nothing, and no {@code Authorization} header. One application context
 * per factory, transport and setting.
 */
class HostRedirectMatrixTests {

	private static final int[] REDIRECTS = { 301, 302, 303, 307, 308 };

	private static final String BUNDLE = "progeny-tls";

	private static final String HOST_BUNDLE = "corp";

	private static final LoopbackTls tls = new LoopbackTls();

	private static final AtomicLong cells = new AtomicLong();

	private static final AtomicLong otherRequests = new AtomicLong();

	private static final AtomicLong otherAuthorizationHeaders = new AtomicLong();

	private static FakeProgenyServer httpProgeny;

	private static FakeProgenyServer httpsProgeny;

	@BeforeAll
	static void start() {
		httpProgeny = FakeProgenyServer.start();
		httpsProgeny = FakeProgenyServer.builder().https(tls.serverCertificate()).start();
	}

	@AfterAll
	static void stopAndReport() {
		httpProgeny.close();
		httpsProgeny.close();
		System.out.println("HostRedirectMatrixTests: " + cells.get() + " cells (5 factories x http/https x "
				+ "customize-clients on/off x " + Entry.values().length + " entry points x " + REDIRECTS.length
				+ " redirect statuses); requests at the other origin: " + otherRequests.get()
				+ ", Authorization headers there: " + otherAuthorizationHeaders.get());
		assertThat(otherAuthorizationHeaders.get()).isZero();
	}

	static Stream<Arguments> contexts() {
		List<Arguments> arguments = new ArrayList<>();
		for (String factory : List.of("jdk", "reactor", "simple", "http-components", "jetty")) {
			for (boolean https : new boolean[] { false, true }) {
				for (boolean customizeClients : new boolean[] { true, false }) {
					arguments.add(arguments(factory, https, customizeClients));
				}
			}
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0}, https={1}, customize-clients={2}")
	@MethodSource("contexts")
	void redirectWhenFromProgenyToAnotherOriginThenIsNeverFollowed(String factory, boolean https, boolean customizeClients) {
		try (OtherOrigin other = new OtherOrigin(https ? tls.serverContext() : null)) {
			FakeProgenyServer progeny = https ? httpsProgeny : httpProgeny;
			ProgenyContextRunners.hostRunner()
				.withUserConfiguration(PingServiceConfiguration.class)
				.withPropertyValues(ProgenyContextRunners.properties(progeny.properties()))
				.withPropertyValues(https ? new String[] { tls.trustingBundle(BUNDLE),
						"spring.http.clients.ssl.bundle=" + BUNDLE } : new String[0])
				.withPropertyValues("spring.http.clients.imperative.factory=" + factory,
						"progeny.auth.customize-clients=" + customizeClients, tls.trustingBundle(HOST_BUNDLE))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					for (Entry entry : Entry.values()) {
						for (int status : REDIRECTS) {
							String location = other.baseUrl() + OtherOrigin.LANDING_PATH;
							progeny.faults()
								.failNext(ProgenyEndpoint.API, 1,
										CannedResponse.of(status).withHeader("Location", location));
							int answered = entry.ping(context, progeny.baseUrl()).getStatusCode().value();
							cells.incrementAndGet();
							assertThat(answered).as("%s answered to %s", entry, status).isEqualTo(status);
						}
					}
				});
			otherRequests.addAndGet(other.requests());
			otherAuthorizationHeaders.addAndGet(other.authorizationHeaders());
			assertThat(other.authorizationHeaders()).isZero();
			assertThat(other.requests()).isZero();
		}
	}

	/**
	 * The ways a host application reaches Progeny's origin.
	 */
	enum Entry {

		PROGENY_REST_CLIENT((context, url) -> context.getBean("progenyRestClient", RestClient.class)
			.get()
			.uri(FakeProgenyServer.PING_PATH)
			.retrieve()
			.toBodilessEntity()),

		BOOT_REST_CLIENT_BUILDER((context, url) -> context.getBean(RestClient.Builder.class)
			.build()
			.get()
			.uri(url)
			.retrieve()
			.toBodilessEntity()),

		REST_TEMPLATE_BUILDER(
				(context, url) -> context.getBean(RestTemplateBuilder.class).build().getForEntity(url, Void.class)),

		PROGENY_SERVICE_GROUP((context, url) -> context.getBean(PingService.class).ping()),

		FACTORY_REPLACED_AFTER_CUSTOMIZATION((context, url) -> context.getBean(RestClient.Builder.class)
			.requestFactory(context.getBean(ClientHttpRequestFactoryBuilder.class)
				.build(context.getBean(HttpClientSettings.class)))
			.build()
			.get()
			.uri(url)
			.retrieve()
			.toBodilessEntity()),

		SSL_BUNDLE_BUILDER((context, url) -> context.getBean(RestClient.Builder.class)
			.apply(context.getBean(RestClientSsl.class).fromBundle(HOST_BUNDLE))
			.build()
			.get()
			.uri(url)
			.retrieve()
			.toBodilessEntity());

		private final BiFunction<AssertableApplicationContext, String, ResponseEntity<?>> ping;

		Entry(BiFunction<AssertableApplicationContext, String, ResponseEntity<?>> ping) {
			this.ping = ping;
		}

		ResponseEntity<?> ping(AssertableApplicationContext context, String baseUrl) {
			return this.ping.apply(context, baseUrl + FakeProgenyServer.PING_PATH);
		}

	}

	interface PingService {

		@GetExchange(FakeProgenyServer.PING_PATH)
		ResponseEntity<Void> ping();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "progeny", types = PingService.class)
	static class PingServiceConfiguration {

	}

}
