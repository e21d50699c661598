package tech.progeny.auth.autoconfigure;

import java.net.URI;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where Progeny is: the details that the auto-configured
 * {@link tech.progeny.auth.client.ProgenyTokenClient} is made with. By default they come
 * from {@code progeny.auth.base-url}, checked once at start-up; define a bean of this type
 * to take them from elsewhere.
 * <p>
 * Nothing else reads them: every client that sends tokens takes Progeny's base URL and
 * origin from the token client of the
 * {@link tech.progeny.auth.token.ProgenyTokenProvider}, so that whatever defines the token
 * client defines where its tokens may go.
 */
public interface ProgenyConnectionDetails extends ConnectionDetails {

	/**
	 * Return Progeny's base URL, such as {@code https://be.progeny.tech}, without user
	 * information.
	 * @return the base URL
	 */
	URI getBaseUrl();

}
