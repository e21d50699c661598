package tech.progeny.auth.autoconfigure;

import java.io.IOException;
import java.util.List;
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
 * a builder never creates the token provider. It goes last, so that no interceptor of the
 * application sees the {@code Authorization} header it adds.
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
	 * Add a stand-in for the interceptor at the end of the list, the place closest to the
	 * network, unless the list holds one already.
	 * @param interceptors the interceptors of a client
	 * @param interceptor the interceptor bean
	 */
	static void addIfAbsent(List<ClientHttpRequestInterceptor> interceptors,
			ObjectProvider<ProgenyAuthInterceptor> interceptor) {
		if (interceptors.stream().noneMatch(DeferredProgenyAuthInterceptor::isProgenyInterceptor)) {
			interceptors.add(new DeferredProgenyAuthInterceptor(interceptor));
		}
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
