package tech.progeny.auth.client;

import java.net.URI;

/**
 * The paths of Progeny's token endpoints, which the ways in never authenticate: token
 * requests carry credentials of their own, and a token client built by mistake on an
 * authenticated client must not wait on itself.
 */
public final class ProgenyTokenEndpoints {

	private static final String PREFIX = "/api/v3/accounts/token/";

	private ProgenyTokenEndpoints() {
	}

	/**
	 * Whether the URL is one of Progeny's token endpoints, on any origin.
	 * @param url the URL of a request
	 * @return {@code true} if its path is under {@code /api/v3/accounts/token/}
	 */
	public static boolean contains(URI url) {
		String path = url.getRawPath();
		return path != null && path.startsWith(PREFIX);
	}

}
