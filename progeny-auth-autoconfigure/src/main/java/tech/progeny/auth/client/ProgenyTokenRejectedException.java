package tech.progeny.auth.client;

import org.jspecify.annotations.Nullable;

/**
 * Progeny refused a refresh token (401 from the refresh endpoint): invalid, expired, of
 * the wrong type or blacklisted after a rotation. The remedy is a new login.
 */
public final class ProgenyTokenRejectedException extends ProgenyAuthException {

	private final @Nullable String code;

	private final @Nullable String detail;

	/**
	 * Create a new instance.
	 * @param code the server's {@code code}, such as {@code token_not_valid}
	 * @param detail the server's {@code detail}
	 */
	public ProgenyTokenRejectedException(@Nullable String code, @Nullable String detail) {
		super("Progeny rejected the refresh token" + ((code != null) ? " (" + code + ")" : "")
				+ ((detail != null) ? ": " + detail : ""), null);
		this.code = code;
		this.detail = detail;
	}

	/**
	 * Return the server's error code.
	 * @return the {@code code}, such as {@code token_not_valid}, or {@code null}
	 */
	public @Nullable String getCode() {
		return this.code;
	}

	/**
	 * Return the server's explanation.
	 * @return the {@code detail} or {@code null}
	 */
	public @Nullable String getDetail() {
		return this.detail;
	}

}
