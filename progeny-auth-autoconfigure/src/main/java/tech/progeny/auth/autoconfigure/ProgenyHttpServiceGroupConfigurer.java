package tech.progeny.auth.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * Points the clients of one HTTP service group at Progeny's base URL, taken from the
 * token provider's client, and adds the {@link ProgenyAuthInterceptor} as their last
 * interceptor. The group keeps its request factory and its
 * {@code spring.http.serviceclient.<group>.*} settings; other groups are left alone.
 */
public final class ProgenyHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	private final String group;

	private final ObjectProvider<ProgenyTokenProvider> tokenProvider;

	private final ObjectProvider<ProgenyAuthInterceptor> interceptor;

	ProgenyHttpServiceGroupConfigurer(String group, ObjectProvider<ProgenyTokenProvider> tokenProvider,
			ObjectProvider<ProgenyAuthInterceptor> interceptor) {
		this.group = group;
		this.tokenProvider = tokenProvider;
		this.interceptor = interceptor;
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		groups.filterByName(this.group)
			.forEachClient((group, builder) -> builder.baseUrl(this.tokenProvider.getObject().client().baseUrl())
				.requestInterceptors(
						(interceptors) -> DeferredProgenyAuthInterceptor.addIfAbsent(interceptors, this.interceptor)));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public String toString() {
		return "ProgenyHttpServiceGroupConfigurer[" + this.group + "]";
	}

}
