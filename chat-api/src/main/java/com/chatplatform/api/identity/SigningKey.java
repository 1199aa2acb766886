package com.chatplatform.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "signing_key")
public class SigningKey {
    @Id
    private String id;
    @Column(nullable = false)
    private String purpose;
    @Column(nullable = false)
    private String secret;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected SigningKey() {
    }

    SigningKey(String id, String purpose, String secret, OffsetDateTime createdAt) {
        this.id = id;
        this.purpose = purpose;
        this.secret = secret;
        this.createdAt = createdAt;
    }

    String id() { return id; }
    String secret() { return secret; }
}
