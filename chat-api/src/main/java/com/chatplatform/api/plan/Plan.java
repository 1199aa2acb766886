package com.chatplatform.api.plan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A plan: a named set of limits that tenants are assigned to (table plan). */
@Entity
@Table(name = "plan")
public class Plan {
    @Id
    private String id;
    @Column(nullable = false)
    private String name;
    @Column(name = "max_users")
    private Long maxUsers;
    @Column(name = "max_storage_bytes")
    private Long maxStorageBytes;
    @Column(name = "max_upload_bytes", nullable = false)
    private long maxUploadBytes;
    @Column(name = "allowed_media_types")
    private String allowedMediaTypes;
    @Column(name = "tenant_messages_per_second", nullable = false)
    private double tenantMessagesPerSecond;
    @Column(name = "tenant_message_burst", nullable = false)
    private int tenantMessageBurst;
    @Column(name = "user_messages_per_second", nullable = false)
    private double userMessagesPerSecond;
    @Column(name = "user_message_burst", nullable = false)
    private int userMessageBurst;
    @Column(name = "tenant_requests_per_second", nullable = false)
    private double tenantRequestsPerSecond;
    @Column(name = "tenant_request_burst", nullable = false)
    private int tenantRequestBurst;
    @Column(name = "user_requests_per_second", nullable = false)
    private double userRequestsPerSecond;
    @Column(name = "user_request_burst", nullable = false)
    private int userRequestBurst;
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;
    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected Plan() {
    }

    Plan(String id, String name, Limits limits, OffsetDateTime now) {
        this.id = id;
        this.name = name;
        this.createdAt = now;
        update(name, limits, now);
    }

    public String id() { return id; }
    public String name() { return name; }
    public OffsetDateTime updatedAt() { return updatedAt; }

    public Limits limits() {
        List<String> types = allowedMediaTypes == null ? null
                : Arrays.stream(allowedMediaTypes.split(",")).filter(t -> !t.isBlank()).toList();
        return new Limits(maxUsers, maxStorageBytes, maxUploadBytes, types, tenantMessagesPerSecond, tenantMessageBurst,
                userMessagesPerSecond, userMessageBurst, tenantRequestsPerSecond, tenantRequestBurst,
                userRequestsPerSecond, userRequestBurst);
    }

    void update(String name, Limits l, OffsetDateTime now) {
        this.name = name;
        this.maxUsers = l.maxUsers();
        this.maxStorageBytes = l.maxStorageBytes();
        this.maxUploadBytes = l.maxUploadBytes();
        this.allowedMediaTypes = l.allowedMediaTypes() == null ? null : String.join(",", l.allowedMediaTypes());
        this.tenantMessagesPerSecond = l.tenantMessagesPerSecond();
        this.tenantMessageBurst = l.tenantMessageBurst();
        this.userMessagesPerSecond = l.userMessagesPerSecond();
        this.userMessageBurst = l.userMessageBurst();
        this.tenantRequestsPerSecond = l.tenantRequestsPerSecond();
        this.tenantRequestBurst = l.tenantRequestBurst();
        this.userRequestsPerSecond = l.userRequestsPerSecond();
        this.userRequestBurst = l.userRequestBurst();
        this.updatedAt = now;
    }
}
