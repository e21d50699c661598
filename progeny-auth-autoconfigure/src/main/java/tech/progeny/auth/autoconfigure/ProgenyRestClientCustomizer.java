package tech.progeny.auth.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * {@link RestClientCustomizer} that adds the {@link ProgenyAuthInterceptor}, looked up on
 * the first request, as the last interceptor of every builder Spring Boot hands out. It
 * changes nothing else: the builder keeps its request factory and every other setting.
 * Ordered last, so that the interceptors that other customizers add run before it and
 * never see the {@code Authorization} header.
 */
public final class ProgenyRestClientCustomizer implements RestClientCustomizer, Ordered {

	private final ObjectProvider<ProgenyAuthInterceptor> interceptor;

	ProgenyRestClientCustomizer(ObjectProvider<ProgenyAuthInterceptor> interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public void customize(RestClient.Builder builder) {
		builder.requestInterceptors((interceptors) -> DeferredProgenyAuthInterceptor.addIfAbsent(interceptors,
				this.interceptor));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
