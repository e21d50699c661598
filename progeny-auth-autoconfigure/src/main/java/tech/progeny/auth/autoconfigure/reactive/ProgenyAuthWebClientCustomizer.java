package tech.progeny.auth.autoconfigure.reactive;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.reactive.function.client.WebClient;

import tech.progeny.auth.web.reactive.ProgenyAuthExchangeFilterFunction;

/**
 * {@link WebClientCustomizer} that adds the {@link ProgenyAuthExchangeFilterFunction} to
 * the {@link WebClient.Builder} that Spring Boot hands out, once. The filter sends a
 * token only to Progeny's origin, so every other request of the builder's clients passes
 * through untouched. The filter bean is looked up when the first request goes through,
 * not when the builder is created.
 */
public final class ProgenyAuthWebClientCustomizer implements WebClientCustomizer {

	private final ObjectProvider<ProgenyAuthExchangeFilterFunction> filter;

	/**
	 * Create a new customizer.
	 * @param filter the provider of the filter bean
	 */
	public ProgenyAuthWebClientCustomizer(ObjectProvider<ProgenyAuthExchangeFilterFunction> filter) {
		this.filter = filter;
	}

	@Override
	public void customize(WebClient.Builder webClientBuilder) {
		webClientBuilder.filters((filters) -> DeferredProgenyAuthExchangeFilterFunction.addIfAbsent(filters, this.filter));
	}

}
