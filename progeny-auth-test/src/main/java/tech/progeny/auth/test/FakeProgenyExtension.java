package tech.progeny.auth.test;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit Jupiter extension that runs a {@link FakeProgenyServer} for a test class: started before all tests,
 * {@linkplain FakeProgenyServer#reset() reset} before each (counters, faults, users, blacklist), closed after all.
 * Test and lifecycle methods may declare a {@link FakeProgenyServer} parameter to get it injected.
 *
 * <pre>
 * class MyClientTests {
 *
 *     &#64;RegisterExtension
 *     static FakeProgenyExtension progeny = new FakeProgenyExtension();
 *
 *     &#64;Test
 *     void obtainsOnce() {
 *         MyClient client = new MyClient(progeny.baseUrl(), progeny.username(), progeny.password());
 *         // ...
 *         assertThat(progeny.server().counters().obtainRequests()).isEqualTo(1);
 *     }
 *
 * }
 * </pre>
 * With other settings: {@code new FakeProgenyExtension(FakeProgenyServer.builder().rotateRefreshTokens(false))}.
 * Declaratively, with parameter injection: {@code @FakeProgeny class MyTests { @Test void t(FakeProgenyServer progeny)
 * { ... } }}. In a Spring Boot test, register the properties with
 * {@code tech.progeny.auth.test.spring.FakeProgenyProperties}:
 * <pre>
 * &#64;DynamicPropertySource
 * static void progenyProperties(DynamicPropertyRegistry registry) {
 *     FakeProgenyProperties.register(registry, progeny);
 * }
 * </pre>
 * Registered on a non-static field, the server lives for one test method instead.
 */
public final class FakeProgenyExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private final FakeProgenyServer.Builder builder;

	private final Object monitor = new Object();

	private @Nullable FakeProgenyServer server;

	private @Nullable String owner;

	/**
	 * An extension running a server with the defaults.
	 */
	public FakeProgenyExtension() {
		this(FakeProgenyServer.builder());
	}

	/**
	 * An extension running a server with the given settings.
	 * @param builder the settings
	 */
	public FakeProgenyExtension(FakeProgenyServer.Builder builder) {
		this.builder = Objects.requireNonNull(builder, "builder must not be null");
	}

	/**
	 * The running server, started now when no callback has started it yet (e.g. when Spring reads the properties
	 * before this extension's callbacks run).
	 * @return the server
	 */
	public FakeProgenyServer server() {
		synchronized (this.monitor) {
			FakeProgenyServer current = this.server;
			if (current == null || current.isClosed()) {
				current = this.builder.start();
				this.server = current;
				this.owner = null;
			}
			return current;
		}
	}

	/**
	 * The server's base URL.
	 * @return the base URL
	 * @see FakeProgenyServer#baseUrl()
	 */
	public String baseUrl() {
		return server().baseUrl();
	}

	/**
	 * The first user's username.
	 * @return the username
	 * @see FakeProgenyServer#username()
	 */
	public String username() {
		return server().username();
	}

	/**
	 * The first user's current password.
	 * @return the password
	 * @see FakeProgenyServer#password()
	 */
	public String password() {
		return server().password();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		start(context);
		server().reset();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		stop(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == FakeProgenyServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return server();
	}

	private void start(ExtensionContext context) {
		synchronized (this.monitor) {
			if (this.server == null || this.server.isClosed()) {
				this.server = this.builder.start();
				this.owner = context.getUniqueId();
			}
			else if (this.owner == null) {
				// started early by server(): the outermost callback takes charge of closing it
				this.owner = context.getUniqueId();
			}
		}
	}

	private void stop(ExtensionContext context) {
		synchronized (this.monitor) {
			FakeProgenyServer current = this.server;
			if (current != null && context.getUniqueId().equals(this.owner)) {
				current.close();
				this.server = null;
				this.owner = null;
			}
		}
	}

}
