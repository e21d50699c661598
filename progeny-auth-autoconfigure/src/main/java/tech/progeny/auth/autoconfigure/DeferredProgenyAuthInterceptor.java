package tech.progeny.auth.autoconfigure;

import java.io.IOException;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.function.SingletonSupplier;

import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * Stands in for the {@link ProgenyAuthInterceptor} bean on builders that Spring Boot
 * hands out, and looks it up only when the first request goes through, so that creating
 * a builder never creates the token provider.
 */
final class DeferredProgenyAuthInterceptor implements ClientHttpRequestInterceptor {

	private final Supplier<ProgenyAuthInterceptor> interceptor;

	DeferredProgenyAuthInterceptor(ObjectProvider<ProgenyAuthInterceptor> interceptor) {
		this.interceptor = SingletonSupplier.of(interceptor::getObject);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		return this.interceptor.get().intercept(request, body, execution);
	}

	/**
	 * Whether the given interceptor is ours, deferred or not.
	 * @param interceptor an interceptor
	 * @return {@code true} for a {@link ProgenyAuthInterceptor} or a stand-in
	 */
	static boolean isProgenyInterceptor(ClientHttpRequestInterceptor interceptor) {
		return interceptor instanceof ProgenyAuthInterceptor || interceptor instanceof DeferredProgenyAuthInterceptor;
	}

	@Override
	public String toString() {
		return "DeferredProgenyAuthInterceptor";
	}

}
