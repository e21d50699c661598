package tech.progeny.auth.test;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A request received by a token endpoint of the fake server.
 *
 * @param endpoint {@link ProgenyEndpoint#OBTAIN} or {@link ProgenyEndpoint#REFRESH}
 * @param method the HTTP method
 * @param contentType the {@code Content-Type} header, or {@code null} when absent
 * @param accept the {@code Accept} header, or {@code null} when absent
 * @param body the body as UTF-8 text (holds credentials or tokens: never log it)
 */
public record RecordedTokenRequest(ProgenyEndpoint endpoint, String method, @Nullable String contentType,
		@Nullable String accept, String body) {

	/**
	 * Creates a recorded request.
	 * @param endpoint the endpoint
	 * @param method the method
	 * @param contentType the content type
	 * @param accept the accept header
	 * @param body the body
	 */
	public RecordedTokenRequest {
		Objects.requireNonNull(endpoint, "endpoint must not be null");
		Objects.requireNonNull(method, "method must not be null");
		Objects.requireNonNull(body, "body must not be null");
	}

	@Override
	public String toString() {
		return "RecordedTokenRequest[endpoint=" + this.endpoint + ", method=" + this.method + ", contentType="
				+ this.contentType + ", accept=" + this.accept + ", body=(" + this.body.length() + " chars)]";
	}

}
