package com.chatplatform.api.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.chatplatform.search.SearchClientFactory;
import com.chatplatform.search.message.BulkResult;
import com.chatplatform.search.message.DocumentRef;
import com.chatplatform.search.message.MessageDocument;
import com.chatplatform.search.message.MessageSearcher;
import com.chatplatform.search.message.SearchIndexAdmin;
import com.chatplatform.search.message.SearchIndexNames;
import com.chatplatform.search.message.SearchIndexer;
import com.chatplatform.search.message.SearchRequestSpec;
import com.chatplatform.search.message.SearchResults;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Elasticsearch adapter: owns the client and makes sure the index and its aliases exist before the
 * first read or write (Elasticsearch may come up after the API). Queries are built only by chat-search's
 * MessageSearchQuery, which always filters by tenant and readable conversations.
 */
@ApplicationScoped
public class SearchGateway {

    @Inject
    @ConfigProperty(name = "chat.es.url", defaultValue = "http://localhost:9200")
    String url;
    @Inject
    @ConfigProperty(name = "chat.es.index-prefix", defaultValue = "chat")
    String indexPrefix;
    @Inject
    @ConfigProperty(name = "chat.es.api-key")
    Optional<String> apiKey;

    private ElasticsearchClient client;
    private SearchIndexAdmin admin;
    private SearchIndexer indexer;
    private MessageSearcher searcher;
    private com.chatplatform.search.message.TenantDocuments tenantDocuments;
    private volatile boolean indexReady;

    @PostConstruct
    void init() {
        client = SearchClientFactory.create(url, apiKey.orElse(null), SearchClientFactory.CONNECT_TIMEOUT,
                SearchClientFactory.SOCKET_TIMEOUT);
        SearchIndexNames names = SearchIndexNames.of(indexPrefix);
        admin = new SearchIndexAdmin(client, names);
        indexer = new SearchIndexer(client, names);
        searcher = new MessageSearcher(client, names);
        tenantDocuments = new com.chatplatform.search.message.TenantDocuments(client, names);
    }

    @PreDestroy
    void close() {
        SearchClientFactory.close(client);
    }

    public boolean isHealthy() {
        return SearchClientFactory.isHealthy(client);
    }

    public BulkResult apply(List<MessageDocument> documents, List<DocumentRef> deletes) {
        ensureIndex();
        return indexer.apply(documents, deletes);
    }

    public SearchResults search(SearchRequestSpec spec) {
        ensureIndex();
        return searcher.search(spec);
    }

    /** Tenant deletion: removes up to {@code max} of the tenant's documents; 0 when none are left. */
    public int deleteTenantBatch(java.util.UUID tenantId, int max) {
        ensureIndex();
        return tenantDocuments.deleteBatch(tenantId.toString(), max);
    }

    /** How many documents the tenant has in the index. */
    public long countTenantDocuments(java.util.UUID tenantId) {
        ensureIndex();
        return tenantDocuments.count(tenantId.toString());
    }

    /** Live writes into the index a full reindex is filling (see SearchIndexer#applyToReindexTarget). */
    public BulkResult applyToReindexTarget(List<MessageDocument> documents, List<DocumentRef> deletes) {
        return indexer.applyToReindexTarget(documents, deletes);
    }

    /** Rewrites documents at their version (tenant reindex; see SearchIndexer#reput). */
    public BulkResult reput(List<MessageDocument> documents) {
        ensureIndex();
        return indexer.reput(documents);
    }

    /** The index names of this deployment (prefix from chat.es.index-prefix). */
    public SearchIndexNames names() {
        return admin.names();
    }

    /** The concrete index behind the read alias. */
    public String currentIndex() {
        ensureIndex();
        return admin.currentIndex();
    }

    /** Creates (idempotently) the empty index a full reindex fills, behind the reindex alias. */
    public void createReindexTarget(String index) {
        ensureIndex();
        admin.createReindexTarget(index);
    }

    /** Switches the read and write aliases to the rebuilt index atomically and deletes the old one. */
    public String switchTo(String index) {
        return admin.switchTo(index);
    }

    /** True while a full reindex's target carries the reindex alias. */
    public boolean reindexTargetExists() {
        return admin.reindexTargetExists();
    }

    /** One page of a tenant's indexed documents in id order (tenant reindex clean-up). */
    public List<MessageSearcher.IndexedRef> scanTenant(String tenantId, String afterMessageId, int size) {
        ensureIndex();
        return searcher.scanTenant(tenantId, afterMessageId, size);
    }

    private void ensureIndex() {
        if (!indexReady) {
            admin.ensureIndex();
            indexReady = true;
        }
    }
}
