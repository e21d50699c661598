package tech.progeny.auth.security;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.util.Assert;

/**
 * {@link ReactiveClientRegistrationRepository} that serves Progeny's registration and
 * asks another repository for every other one, the reactive twin of
 * {@link ProgenyClientRegistrationRepository}. Progeny's registration id wins.
 */
public final class ProgenyReactiveClientRegistrationRepository implements ReactiveClientRegistrationRepository {

	private final ClientRegistration progeny;

	private final Mono<ClientRegistration> progenyMono;

	private final ReactiveClientRegistrationRepository delegate;

	/**
	 * Create a new repository.
	 * @param progeny Progeny's registration
	 * @param delegate the repository of every other registration
	 */
	public ProgenyReactiveClientRegistrationRepository(ClientRegistration progeny,
			ReactiveClientRegistrationRepository delegate) {
		Assert.notNull(progeny, "progeny cannot be null");
		Assert.notNull(delegate, "delegate cannot be null");
		this.progeny = progeny;
		this.progenyMono = Mono.just(progeny);
		this.delegate = delegate;
	}

	@Override
	public Mono<ClientRegistration> findByRegistrationId(String registrationId) {
		if (this.progeny.getRegistrationId().equals(registrationId)) {
			return this.progenyMono;
		}
		return this.delegate.findByRegistrationId(registrationId);
	}

	@Override
	public String toString() {
		return "ProgenyReactiveClientRegistrationRepository[" + this.delegate + "]";
	}

}
