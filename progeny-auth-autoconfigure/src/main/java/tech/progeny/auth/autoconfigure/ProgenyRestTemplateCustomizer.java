package tech.progeny.auth.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestTemplate;

import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * {@link RestTemplateCustomizer} that adds the {@link ProgenyAuthInterceptor}, looked up
 * on the first request, as the last interceptor of every {@link RestTemplate} that Spring
 * Boot's {@code RestTemplateBuilder} builds. It changes nothing else: the template keeps
 * the request factory the builder made, with its read timeout, SSL bundle and redirect
 * setting. It fails when that factory would carry a token to another host on a redirect
 * (see {@link CrossOriginRedirectCheck}).
 */
public final class ProgenyRestTemplateCustomizer implements RestTemplateCustomizer, Ordered {

	private final ObjectProvider<ProgenyAuthInterceptor> interceptor;

	ProgenyRestTemplateCustomizer(ObjectProvider<ProgenyAuthInterceptor> interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public void customize(RestTemplate restTemplate) {
		CrossOriginRedirectCheck.check(restTemplate.getRequestFactory(), "A RestTemplate from RestTemplateBuilder");
		DeferredProgenyAuthInterceptor.addIfAbsent(restTemplate.getInterceptors(), this.interceptor);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
