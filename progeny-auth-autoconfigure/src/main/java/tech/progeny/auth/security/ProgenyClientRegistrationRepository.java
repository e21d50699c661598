package tech.progeny.auth.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.util.Assert;

/**
 * {@link ClientRegistrationRepository} that serves Progeny's registration and asks
 * another repository for every other one. Progeny's registration id wins: a
 * registration of the same id in the other repository is not reached.
 * <p>
 * It iterates over Progeny's registration and then over the other repository's, when
 * that one is {@link Iterable}.
 */
public final class ProgenyClientRegistrationRepository
		implements ClientRegistrationRepository, Iterable<ClientRegistration> {

	private final ClientRegistration progeny;

	private final ClientRegistrationRepository delegate;

	/**
	 * Create a new repository.
	 * @param progeny Progeny's registration
	 * @param delegate the repository of every other registration
	 */
	public ProgenyClientRegistrationRepository(ClientRegistration progeny, ClientRegistrationRepository delegate) {
		Assert.notNull(progeny, "progeny cannot be null");
		Assert.notNull(delegate, "delegate cannot be null");
		this.progeny = progeny;
		this.delegate = delegate;
	}

	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		if (this.progeny.getRegistrationId().equals(registrationId)) {
			return this.progeny;
		}
		return this.delegate.findByRegistrationId(registrationId);
	}

	@Override
	public Iterator<ClientRegistration> iterator() {
		List<ClientRegistration> registrations = new ArrayList<>();
		registrations.add(this.progeny);
		if (this.delegate instanceof Iterable<?> iterable) {
			for (Object registration : iterable) {
				if (registration instanceof ClientRegistration other
						&& !other.getRegistrationId().equals(this.progeny.getRegistrationId())) {
					registrations.add(other);
				}
			}
		}
		return Collections.unmodifiableList(registrations).iterator();
	}

	@Override
	public String toString() {
		return "ProgenyClientRegistrationRepository[" + this.delegate + "]";
	}

}
