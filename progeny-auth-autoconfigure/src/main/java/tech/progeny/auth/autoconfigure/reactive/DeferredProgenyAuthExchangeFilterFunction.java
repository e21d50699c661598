package tech.progeny.auth.autoconfigure.reactive;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import tech.progeny.auth.web.reactive.ProgenyAuthExchangeFilterFunction;

/**
 * Stands in for the {@link ProgenyAuthExchangeFilterFunction} bean on builders that
 * Spring Boot hands out, and looks it up only when the first request goes through, so
 * that creating a builder never creates the token provider. The lookup takes no lock: by
 * then the filter is a singleton that exists, and two threads that race both find it.
 */
final class DeferredProgenyAuthExchangeFilterFunction implements ExchangeFilterFunction {

	private final ObjectProvider<ProgenyAuthExchangeFilterFunction> provider;

	private volatile @Nullable ProgenyAuthExchangeFilterFunction filter;

	DeferredProgenyAuthExchangeFilterFunction(ObjectProvider<ProgenyAuthExchangeFilterFunction> provider) {
		this.provider = provider;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		ProgenyAuthExchangeFilterFunction filter = this.filter;
		if (filter == null) {
			filter = this.provider.getObject();
			this.filter = filter;
		}
		return filter.filter(request, next);
	}

	/**
	 * Add a stand-in for the filter bean unless the filters hold ours already.
	 * @param filters the filters of a builder
	 * @param provider the provider of the filter bean
	 */
	static void addIfAbsent(List<ExchangeFilterFunction> filters,
			ObjectProvider<ProgenyAuthExchangeFilterFunction> provider) {
		if (filters.stream().noneMatch(DeferredProgenyAuthExchangeFilterFunction::isProgenyFilter)) {
			filters.add(new DeferredProgenyAuthExchangeFilterFunction(provider));
		}
	}

	/**
	 * Whether the given filter is ours, deferred or not.
	 * @param filter a filter
	 * @return {@code true} for a {@link ProgenyAuthExchangeFilterFunction} or a stand-in
	 */
	static boolean isProgenyFilter(ExchangeFilterFunction filter) {
		return filter instanceof ProgenyAuthExchangeFilterFunction
				|| filter instanceof DeferredProgenyAuthExchangeFilterFunction;
	}

	@Override
	public String toString() {
		return "DeferredProgenyAuthExchangeFilterFunction";
	}

}
