package tech.progeny.auth.test.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.EnumerablePropertySource;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * The live {@code progeny.auth.*} properties of a fake Progeny server (a changed password shows at once), and for
 * an HTTPS server with an SSL bundle the bundle's trust store.
 */
final class FakeProgenyPropertySource extends EnumerablePropertySource<FakeProgenyServer> {

	private final String[] names;

	private final @Nullable String sslBundleProperty;

	FakeProgenyPropertySource(FakeProgenyServer server, @Nullable String sslBundle) {
		super("fakeProgeny", server);
		this.sslBundleProperty = (sslBundle != null) ? FakeProgenyProperties.sslBundleCertificateProperty(sslBundle)
				: null;
		this.names = (this.sslBundleProperty != null)
				? new String[] { FakeProgenyServer.BASE_URL_PROPERTY, FakeProgenyServer.USERNAME_PROPERTY,
						FakeProgenyServer.PASSWORD_PROPERTY, this.sslBundleProperty }
				: new String[] { FakeProgenyServer.BASE_URL_PROPERTY, FakeProgenyServer.USERNAME_PROPERTY,
						FakeProgenyServer.PASSWORD_PROPERTY };
	}

	@Override
	public String[] getPropertyNames() {
		return this.names.clone();
	}

	@Override
	public @Nullable Object getProperty(String name) {
		if (name.equals(this.sslBundleProperty)) {
			return getSource().certificatePem();
		}
		return switch (name) {
			case FakeProgenyServer.BASE_URL_PROPERTY -> getSource().baseUrl();
			case FakeProgenyServer.USERNAME_PROPERTY -> getSource().username();
			case FakeProgenyServer.PASSWORD_PROPERTY -> getSource().password();
			default -> null;
		};
	}

}
