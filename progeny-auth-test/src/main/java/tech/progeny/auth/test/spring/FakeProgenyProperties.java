package tech.progeny.auth.test.spring;

import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

import tech.progeny.auth.test.FakeProgenyExtension;
import tech.progeny.auth.test.FakeProgenyServer;

/**
 * Registers the {@code progeny.auth.base-url}, {@code progeny.auth.username} and {@code progeny.auth.password}
 * properties of a fake Progeny server from a {@code @DynamicPropertySource} method. The values are read when Spring
 * asks for them, so the server may start after the method runs.
 *
 * <pre>
 * &#64;SpringBootTest
 * class MyAppTests {
 *
 *     &#64;RegisterExtension
 *     static FakeProgenyExtension progeny = new FakeProgenyExtension();
 *
 *     &#64;DynamicPropertySource
 *     static void progenyProperties(DynamicPropertyRegistry registry) {
 *         FakeProgenyProperties.register(registry, progeny);
 *     }
 *
 * }
 * </pre>
 * For a fake whose lifecycle follows the application context instead, see {@link AutoConfigureFakeProgeny}.
 * <p>
 * For an {@linkplain FakeProgenyServer.Builder#https() HTTPS} fake, {@link #registerSslBundle} also makes its
 * certificate the trust store of an SSL bundle:
 * <pre>
 * &#64;SpringBootTest(properties = "spring.http.clients.ssl.bundle=fake-progeny")
 * class MyAppOverHttpsTests {
 *
 *     &#64;RegisterExtension
 *     static FakeProgenyExtension progeny = new FakeProgenyExtension(FakeProgenyServer.builder().https());
 *
 *     &#64;DynamicPropertySource
 *     static void progenyProperties(DynamicPropertyRegistry registry) {
 *         FakeProgenyProperties.register(registry, progeny);
 *         FakeProgenyProperties.registerSslBundle(registry, progeny, "fake-progeny");
 *     }
 *
 * }
 * </pre>
 */
public final class FakeProgenyProperties {

	private static final String SSL_BUNDLE_PREFIX = "spring.ssl.bundle.pem.";

	private static final String SSL_BUNDLE_CERTIFICATE_SUFFIX = ".truststore.certificate";

	private FakeProgenyProperties() {
	}

	/**
	 * The property holding the trust store certificate of a PEM SSL bundle.
	 * @param bundle the bundle name
	 * @return {@code spring.ssl.bundle.pem.<bundle>.truststore.certificate}
	 */
	public static String sslBundleCertificateProperty(String bundle) {
		Objects.requireNonNull(bundle, "bundle must not be null");
		if (bundle.isBlank()) {
			throw new IllegalArgumentException("bundle must not be blank");
		}
		return SSL_BUNDLE_PREFIX + bundle + SSL_BUNDLE_CERTIFICATE_SUFFIX;
	}

	/**
	 * Registers the properties of the server run by a JUnit extension.
	 * @param registry the registry
	 * @param progeny the extension
	 */
	public static void register(DynamicPropertyRegistry registry, FakeProgenyExtension progeny) {
		Objects.requireNonNull(progeny, "progeny must not be null");
		register(registry, progeny::server);
	}

	/**
	 * Registers the properties of a server.
	 * @param registry the registry
	 * @param server the server
	 */
	public static void register(DynamicPropertyRegistry registry, FakeProgenyServer server) {
		Objects.requireNonNull(server, "server must not be null");
		register(registry, () -> server);
	}

	/**
	 * Registers the properties of a server obtained when they are read.
	 * @param registry the registry
	 * @param server supplies the server
	 */
	public static void register(DynamicPropertyRegistry registry, Supplier<FakeProgenyServer> server) {
		Objects.requireNonNull(registry, "registry must not be null");
		Objects.requireNonNull(server, "server must not be null");
		registry.add(FakeProgenyServer.BASE_URL_PROPERTY, () -> server.get().baseUrl());
		registry.add(FakeProgenyServer.USERNAME_PROPERTY, () -> server.get().username());
		registry.add(FakeProgenyServer.PASSWORD_PROPERTY, () -> server.get().password());
	}

	/**
	 * Registers the certificate of the HTTPS server run by a JUnit extension as the trust store of an SSL bundle.
	 * @param registry the registry
	 * @param progeny the extension, whose builder was made with {@link FakeProgenyServer.Builder#https()}
	 * @param bundle the bundle name
	 */
	public static void registerSslBundle(DynamicPropertyRegistry registry, FakeProgenyExtension progeny,
			String bundle) {
		Objects.requireNonNull(progeny, "progeny must not be null");
		registerSslBundle(registry, progeny::server, bundle);
	}

	/**
	 * Registers the certificate of an HTTPS server as the trust store of an SSL bundle.
	 * @param registry the registry
	 * @param server the server
	 * @param bundle the bundle name
	 */
	public static void registerSslBundle(DynamicPropertyRegistry registry, FakeProgenyServer server, String bundle) {
		Objects.requireNonNull(server, "server must not be null");
		registerSslBundle(registry, () -> server, bundle);
	}

	/**
	 * Registers the certificate of an HTTPS server obtained when it is read as the trust store of an SSL bundle,
	 * {@code spring.ssl.bundle.pem.<bundle>.truststore.certificate}; reading it fails when the server serves
	 * plain HTTP.
	 * @param registry the registry
	 * @param server supplies the server
	 * @param bundle the bundle name
	 */
	public static void registerSslBundle(DynamicPropertyRegistry registry, Supplier<FakeProgenyServer> server,
			String bundle) {
		Objects.requireNonNull(registry, "registry must not be null");
		Objects.requireNonNull(server, "server must not be null");
		registry.add(sslBundleCertificateProperty(bundle), () -> server.get().certificatePem());
	}

}
