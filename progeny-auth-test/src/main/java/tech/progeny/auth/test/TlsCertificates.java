package tech.progeny.auth.test;

import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The certificate an HTTPS fake presents, with the server side of its handshakes and the client side that trusts
 * that certificate and nothing else.
 */
final class TlsCertificates {

	private static final Duration VALIDITY = Duration.ofDays(365);

	private final HeldCertificate certificate;

	private final HandshakeCertificates server;

	private final HandshakeCertificates client;

	TlsCertificates(HeldCertificate certificate) {
		this.certificate = certificate;
		this.server = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
		this.client = new HandshakeCertificates.Builder().addTrustedCertificate(certificate.certificate()).build();
	}

	/**
	 * A self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid from a day ago
	 * for a year.
	 * @return the certificate and its key
	 */
	static HeldCertificate selfSigned() {
		Instant now = Instant.now();
		return new HeldCertificate.Builder().commonName("fake-progeny")
			.addSubjectAlternativeName("localhost")
			.addSubjectAlternativeName("127.0.0.1")
			.addSubjectAlternativeName("::1")
			.validityInterval(now.minus(Duration.ofDays(1)).toEpochMilli(), now.plus(VALIDITY).toEpochMilli())
			.build();
	}

	HeldCertificate certificate() {
		return this.certificate;
	}

	SSLSocketFactory serverSocketFactory() {
		return this.server.sslSocketFactory();
	}

	SSLContext clientContext() {
		return this.client.sslContext();
	}

	X509TrustManager clientTrustManager() {
		return this.client.trustManager();
	}

}
