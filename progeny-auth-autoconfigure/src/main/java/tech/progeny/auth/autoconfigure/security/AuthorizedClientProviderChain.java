package tech.progeny.auth.autoconfigure.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The providers of an authorized-client manager that the starter builds, blocking or
 * reactive: Progeny's first (it answers every other registration with nothing at the
 * cost of one comparison), then the application's provider beans in order, then, unless
 * the application brought a delegating provider of its own, Spring Security's standard
 * providers of the types it did not bring.
 *
 * @param <P> the provider type
 */
final class AuthorizedClientProviderChain<P> {

	private final Class<?> delegatingType;

	private final Map<Class<?>, Supplier<P>> defaults = new LinkedHashMap<>();

	/**
	 * Create a new chain.
	 * @param delegatingType the type of delegating provider, which stands for a complete
	 * chain of the application's own
	 */
	AuthorizedClientProviderChain(Class<?> delegatingType) {
		this.delegatingType = delegatingType;
	}

	/**
	 * Add a standard provider, used when the application has none of its type.
	 * @param type the provider type
	 * @param provider creates the standard provider
	 * @return this chain
	 */
	AuthorizedClientProviderChain<P> withDefault(Class<?> type, Supplier<P> provider) {
		this.defaults.put(type, provider);
		return this;
	}

	/**
	 * Return the providers, in order.
	 * @param progeny Progeny's provider
	 * @param beans the application's provider beans, in order, which may include
	 * Progeny's
	 * @return the providers
	 */
	List<P> providers(P progeny, Stream<P> beans) {
		List<P> providers = new ArrayList<>();
		providers.add(progeny);
		beans.filter((bean) -> bean != progeny).forEach(providers::add);
		if (providers.stream().noneMatch(this.delegatingType::isInstance)) {
			this.defaults.forEach((type, provider) -> {
				if (providers.stream().noneMatch(type::isInstance)) {
					providers.add(provider.get());
				}
			});
		}
		return providers;
	}

}
