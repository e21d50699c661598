package tech.progeny.auth.test.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.EnumerablePropertySource;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * The live {@code progeny.auth.*} properties of a fake Progeny server (a changed password shows at once).
 */
final class FakeProgenyPropertySource extends EnumerablePropertySource<FakeProgenyServer> {

	private static final String[] NAMES = { FakeProgenyServer.BASE_URL_PROPERTY, FakeProgenyServer.USERNAME_PROPERTY,
			FakeProgenyServer.PASSWORD_PROPERTY };

	FakeProgenyPropertySource(FakeProgenyServer server) {
		super("fakeProgeny", server);
	}

	@Override
	public String[] getPropertyNames() {
		return NAMES.clone();
	}

	@Override
	public @Nullable Object getProperty(String name) {
		return switch (name) {
			case FakeProgenyServer.BASE_URL_PROPERTY -> getSource().baseUrl();
			case FakeProgenyServer.USERNAME_PROPERTY -> getSource().username();
			case FakeProgenyServer.PASSWORD_PROPERTY -> getSource().password();
			default -> null;
		};
	}

}
