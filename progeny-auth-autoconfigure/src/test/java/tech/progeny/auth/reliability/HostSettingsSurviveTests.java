package tech.progeny.auth.reliability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 9 (c): the host's HTTP client settings survive the starter. Every host entry
 * point keeps its read timeout and redirect setting for other origins and its read
 * timeout for Progeny's; another HTTP service group keeps its own
 * {@code spring.http.serviceclient.<group>.*} settings; a {@link RestTemplateBuilder}'s
 * read timeout, SSL bundle and request factory apply to Progeny's origin too.
 */
class HostSettingsSurviveTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration BOUND = Duration.ofSeconds(30);

	private final FakeProgenyServer progeny = FakeProgenyServer.start();

	private final OtherOrigin other = new OtherOrigin();

	private final LoopbackTls tls = new LoopbackTls();

	@AfterEach
	void close() {
		this.progeny.close();
		this.other.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "reactor", "simple", "http-components", "jetty" })
	void hostClientsWhenHostFollowsNoRedirectsThenOtherOriginsRedirectsAreNotFollowed(String factory) {
		runner(factory).withPropertyValues("spring.http.clients.redirects=dont-follow").run((context) -> {
			for (Entry entry : Entry.values()) {
				assertThat(entry.get(context, this.other.baseUrl() + OtherOrigin.REDIRECT_PATH).getStatusCode().value())
					.as(entry.name())
					.isEqualTo(302);
			}
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "reactor", "simple", "http-components", "jetty" })
	void hostClientsWhenHostFollowsRedirectsThenOtherOriginsRedirectsAreFollowed(String factory) {
		runner(factory).run((context) -> {
			for (Entry entry : Entry.values()) {
				assertThat(entry.get(context, this.other.baseUrl() + OtherOrigin.REDIRECT_PATH).getStatusCode().value())
					.as(entry.name())
					.isEqualTo(200);
			}
		});
		assertThat(this.other.authorizationHeaders()).isZero();
	}

	@Test
	void hostClientsWhenHostSetsReadTimeoutThenItAppliesToOtherOriginsAndToProgeny() {
		runner("jdk").withPropertyValues("spring.http.clients.read-timeout=" + READ_TIMEOUT.toMillis() + "ms")
			.run((context) -> {
				for (Entry entry : Entry.values()) {
					assertTimesOut(() -> entry.get(context, this.other.baseUrl() + OtherOrigin.HANG_PATH));
					this.progeny.faults().hangNext(ProgenyEndpoint.API, 1);
					assertTimesOut(() -> entry.get(context, this.progeny.baseUrl() + FakeProgenyServer.PING_PATH));
					this.progeny.faults().releaseHung();
				}
				this.progeny.faults().hangNext(ProgenyEndpoint.API, 1);
				assertTimesOut(() -> context.getBean(PingService.class).ping());
			});
	}

	@Test
	void otherServiceGroupWhenStarterIsPresentThenKeepsItsRedirectAndTimeoutSettings() {
		runner("jdk")
			.withPropertyValues("spring.http.serviceclient.other.base-url=" + this.other.baseUrl(),
					"spring.http.serviceclient.other.redirects=dont-follow",
					"spring.http.serviceclient.other.read-timeout=" + READ_TIMEOUT.toMillis() + "ms")
			.run((context) -> {
				OtherService service = context.getBean(OtherService.class);
				assertThat(service.redirect().getStatusCode().value()).isEqualTo(302);
				assertTimesOut(service::hang);
			});
		assertThat(this.other.authorizationHeaders()).isZero();
	}

	@Test
	void restTemplateBuilderWhenReadTimeoutIsSetThenItAppliesToProgeny() {
		runner("jdk").run((context) -> {
			RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class).readTimeout(READ_TIMEOUT).build();
			restTemplate.getForEntity(this.progeny.baseUrl() + FakeProgenyServer.PING_PATH, String.class);
			this.progeny.faults().hangNext(ProgenyEndpoint.API, 1);
			assertTimesOut(() -> restTemplate.getForEntity(this.progeny.baseUrl() + FakeProgenyServer.PING_PATH,
					String.class));
		});
	}

	@Test
	void restTemplateBuilderWhenRequestFactoryIsSetThenProgenysRequestsUseIt() {
		AtomicInteger created = new AtomicInteger();
		runner("jdk").run((context) -> {
			RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class)
				.requestFactory(() -> new CountingRequestFactory(created))
				.build();
			assertThat(restTemplate.getForObject(this.progeny.baseUrl() + FakeProgenyServer.PING_PATH, String.class))
				.contains("\"status\":\"ok\"");
		});
		assertThat(created).hasValue(1);
	}

	@Test
	void restTemplateBuilderWhenSslBundleIsSetThenItAppliesToProgeny() {
		try (FakeProgenyServer https = FakeProgenyServer.builder().https(this.tls.serverCertificate()).start()) {
			ProgenyContextRunners.hostRunner()
				.withPropertyValues(ProgenyContextRunners.properties(https.properties()))
				.withPropertyValues("spring.http.clients.imperative.factory=jdk", "progeny.auth.ssl-bundle=progeny-tls",
						this.tls.trustingBundle("progeny-tls"))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class)
						.sslBundle(context.getBean(SslBundles.class).getBundle("progeny-tls"))
						.build();
					assertThat(restTemplate.getForObject(https.baseUrl() + FakeProgenyServer.PING_PATH, String.class))
						.contains("ok");
				});
			assertThat(https.counters().obtainRequests()).isOne();
		}
	}

	private org.springframework.boot.test.context.runner.ApplicationContextRunner runner(String factory) {
		return ProgenyContextRunners.hostRunner()
			.withUserConfiguration(ServicesConfiguration.class)
			.withPropertyValues(ProgenyContextRunners.properties(this.progeny.properties()))
			.withPropertyValues("spring.http.clients.imperative.factory=" + factory,
					this.tls.trustingBundle("corp"));
	}

	private static void assertTimesOut(Runnable request) {
		assertTimeoutPreemptively(BOUND,
				() -> assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(request::run));
	}

	/**
	 * The host's own ways to a URL.
	 */
	enum Entry {

		BOOT_REST_CLIENT_BUILDER((context, url) -> context.getBean(RestClient.Builder.class)
			.build()
			.get()
			.uri(url)
			.retrieve()
			.toEntity(String.class)),

		REST_TEMPLATE_BUILDER(
				(context, url) -> context.getBean(RestTemplateBuilder.class).build().getForEntity(url, String.class)),

		FACTORY_REPLACED_AFTER_CUSTOMIZATION((context, url) -> context.getBean(RestClient.Builder.class)
			.requestFactory(context.getBean(ClientHttpRequestFactoryBuilder.class)
				.build(context.getBean(HttpClientSettings.class)))
			.build()
			.get()
			.uri(url)
			.retrieve()
			.toEntity(String.class)),

		SSL_BUNDLE_BUILDER((context, url) -> context.getBean(RestClient.Builder.class)
			.apply(context.getBean(RestClientSsl.class).fromBundle("corp"))
			.build()
			.get()
			.uri(url)
			.retrieve()
			.toEntity(String.class));

		private final BiFunction<AssertableApplicationContext, String, ResponseEntity<String>> get;

		Entry(BiFunction<AssertableApplicationContext, String, ResponseEntity<String>> get) {
			this.get = get;
		}

		ResponseEntity<String> get(AssertableApplicationContext context, String url) {
			return this.get.apply(context, url);
		}

	}

	static final class CountingRequestFactory extends SimpleClientHttpRequestFactory {

		private final AtomicInteger created;

		CountingRequestFactory(AtomicInteger created) {
			this.created = created;
		}

		@Override
		public org.springframework.http.client.ClientHttpRequest createRequest(java.net.URI uri,
				org.springframework.http.HttpMethod httpMethod) throws java.io.IOException {
			this.created.incrementAndGet();
			return super.createRequest(uri, httpMethod);
		}

	}

	interface PingService {

		@GetExchange(FakeProgenyServer.PING_PATH)
		ResponseEntity<String> ping();

	}

	interface OtherService {

		@GetExchange(OtherOrigin.REDIRECT_PATH)
		ResponseEntity<String> redirect();

		@GetExchange(OtherOrigin.HANG_PATH)
		String hang();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "progeny", types = PingService.class)
	@ImportHttpServices(group = "other", types = OtherService.class)
	static class ServicesConfiguration {

	}

}
