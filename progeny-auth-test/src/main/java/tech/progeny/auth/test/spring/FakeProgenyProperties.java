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
 */
public final class FakeProgenyProperties {

	private FakeProgenyProperties() {
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

}
