package com.chatplatform.search.message;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import co.elastic.clients.json.JsonpUtils;
import com.chatplatform.search.SearchClientFactory;
import com.chatplatform.search.SearchException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creates and checks the message index. {@link #ensureIndex()} runs at start-up of every API node: it is idempotent
 * and safe when several nodes start together.
 */
public final class SearchIndexAdmin {

    /** Class-path resource with the settings and mappings of {@link SearchIndexNames#index()}. */
    public static final String MAPPING_RESOURCE = "/search/messages-v" + SearchIndexNames.MAPPING_VERSION + ".json";

    private static final System.Logger LOG = System.getLogger(SearchIndexAdmin.class.getName());

    private final ElasticsearchClient client;
    private final SearchIndexNames names;

    public SearchIndexAdmin(ElasticsearchClient client, SearchIndexNames names) {
        this.client = Objects.requireNonNull(client, "client");
        this.names = Objects.requireNonNull(names, "names");
    }

    /**
     * Makes sure the index {@code <prefix>-messages-v1} and its aliases exist: creates the index with its mapping and
     * both aliases in one request when it is missing; otherwise applies the mapping resource again (adding new fields
     * is allowed, a conflicting change fails and needs a new index version) and adds whichever alias is missing.
     * An alias that already exists is left alone (it may point at a newer index after a migration).
     *
     * @return true when this call created the index
     * @throws com.chatplatform.search.SearchUnavailableException Elasticsearch unreachable or refusing the mapping
     */
    public boolean ensureIndex() {
        try {
            boolean created = false;
            if (client.indices().existsAlias(e -> e.name(names.readAlias())).value()) {
                // Set up before, possibly on a rebuilt index (-v1-<suffix>): the aliases say which index is live.
                putMapping(names.readAlias());
                addMissingAliases(currentIndex());
            } else {
                if (!client.indices().exists(e -> e.index(names.index())).value()) {
                    created = createIndex();
                }
                if (!created) {
                    putMapping(names.index());
                    addMissingAliases(names.index());
                }
            }
            HealthResponse health = client.cluster().health(h -> h.index(names.readAlias())
                    .waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("30s")));
            if (health.timedOut()) {
                LOG.log(System.Logger.Level.WARNING, "Search index {0} is {1} after 30 s", names.index(),
                        health.status());
            }
            return created;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SearchException se) {
                throw se;
            }
            throw SearchErrors.unavailable("set-up of index " + names.index(), e);
        }
    }

    private boolean createIndex() throws IOException {
        try (InputStream json = mappingResource()) {
            CreateIndexRequest request = CreateIndexRequest.of(c -> c
                    .index(names.index())
                    .withJson(json)
                    .aliases(names.readAlias(), a -> a)
                    .aliases(names.writeAlias(), a -> a.isWriteIndex(true)));
            client.indices().create(request);
            LOG.log(System.Logger.Level.INFO, "Created search index {0} with aliases {1} and {2}", names.index(),
                    names.readAlias(), names.writeAlias());
            return true;
        } catch (ElasticsearchException e) {
            if (e.error() != null && "resource_already_exists_exception".equals(e.error().type())) {
                return false; // another node created it at the same moment
            }
            throw e;
        }
    }

    private void putMapping(String target) throws IOException {
        CreateIndexRequest resource;
        try (InputStream json = mappingResource()) {
            resource = CreateIndexRequest.of(c -> c.index(names.index()).withJson(json));
        }
        String mappings = JsonpUtils.toJsonString(resource.mappings(), client._jsonpMapper());
        client.indices().putMapping(p -> p.index(target).withJson(new StringReader(mappings)));
    }

    private void addMissingAliases(String index) throws IOException {
        List<Action> actions = new ArrayList<>(2);
        if (!client.indices().existsAlias(e -> e.name(names.readAlias())).value()) {
            actions.add(Action.of(a -> a.add(add -> add.index(index).alias(names.readAlias()))));
        }
        if (!client.indices().existsAlias(e -> e.name(names.writeAlias())).value()) {
            actions.add(Action.of(a -> a.add(add -> add.index(index).alias(names.writeAlias())
                    .isWriteIndex(true))));
        }
        if (!actions.isEmpty()) {
            client.indices().updateAliases(u -> u.actions(actions));
            LOG.log(System.Logger.Level.INFO, "Added {0} missing alias(es) to search index {1}", actions.size(), index);
        }
    }

    /**
     * The concrete index behind the read alias (the live one).
     *
     * @throws com.chatplatform.search.SearchUnavailableException unreachable, or no index carries the read alias
     */
    public String currentIndex() {
        try {
            var aliases = client.indices().getAlias(g -> g.name(names.readAlias()));
            if (aliases.aliases().size() != 1) {
                throw new IllegalStateException("Expected one index behind " + names.readAlias() + ", found "
                        + aliases.aliases().keySet());
            }
            return aliases.aliases().keySet().iterator().next();
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unavailable("lookup of alias " + names.readAlias(), e);
        }
    }

    /**
     * Creates a new, empty index of the current mapping for a full reindex, carrying only the reindex alias
     * ({@link SearchIndexNames#reindexAlias()}). Idempotent: an existing index of that name is kept, and the reindex
     * alias is (re)pointed at it.
     */
    public void createReindexTarget(String index) {
        if (!names.isMessageIndex(index)) {
            throw new IllegalArgumentException("Not a message index of this prefix: " + index);
        }
        try {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                try (InputStream json = mappingResource()) {
                    CreateIndexRequest request = CreateIndexRequest.of(c -> c.index(index).withJson(json)
                            .aliases(names.reindexAlias(), a -> a.isWriteIndex(true)));
                    client.indices().create(request);
                } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
                    if (e.error() == null || !"resource_already_exists_exception".equals(e.error().type())) {
                        throw e;
                    }
                }
            }
            if (!client.indices().existsAlias(e -> e.name(names.reindexAlias()).index(index)).value()) {
                client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(index)
                        .alias(names.reindexAlias()).isWriteIndex(true))));
            }
            client.cluster().health(h -> h.index(index).waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("30s")));
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unavailable("creation of reindex target " + index, e);
        }
    }

    /**
     * Switches the read and write aliases from the index behind them to {@code newIndex} in ONE atomic alias request
     * (searches never see both or neither), removing the reindex alias in the same request; then deletes the old
     * index. Idempotent: when the aliases already point at {@code newIndex} only the clean-up runs.
     *
     * @return the old index that was removed, or {@code null} when the switch had already happened
     */
    public String switchTo(String newIndex) {
        if (!names.isMessageIndex(newIndex)) {
            throw new IllegalArgumentException("Not a message index of this prefix: " + newIndex);
        }
        try {
            client.indices().refresh(r -> r.index(newIndex));
            String old = currentIndex();
            if (old.equals(newIndex)) {
                dropReindexAlias();
                return null;
            }
            List<Action> actions = new ArrayList<>();
            actions.add(Action.of(a -> a.remove(r -> r.index(old).alias(names.readAlias()))));
            actions.add(Action.of(a -> a.remove(r -> r.index(old).alias(names.writeAlias()))));
            actions.add(Action.of(a -> a.add(add -> add.index(newIndex).alias(names.readAlias()))));
            actions.add(Action.of(a -> a.add(add -> add.index(newIndex).alias(names.writeAlias()).isWriteIndex(true))));
            if (client.indices().existsAlias(e -> e.name(names.reindexAlias()).index(newIndex)).value()) {
                actions.add(Action.of(a -> a.remove(r -> r.index(newIndex).alias(names.reindexAlias()))));
            }
            client.indices().updateAliases(u -> u.actions(actions));
            LOG.log(System.Logger.Level.INFO, "Search aliases switched from {0} to {1}", old, newIndex);
            client.indices().delete(d -> d.index(old));
            return old;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SearchException se) {
                throw se;
            }
            throw SearchErrors.unavailable("switch of search aliases to " + newIndex, e);
        }
    }

    /** Removes an abandoned reindex target (a failed or cancelled job); the live index is never removed. */
    public void dropReindexTarget(String index) {
        try {
            if (index.equals(currentIndex())) {
                throw new IllegalArgumentException("Refusing to delete the live index " + index);
            }
            if (client.indices().exists(e -> e.index(index)).value()) {
                client.indices().delete(d -> d.index(index));
            }
        } catch (IOException e) {
            throw SearchErrors.unavailable("removal of " + index, e);
        }
    }

    /** True while an index carries the reindex alias (a full reindex is filling it). */
    public boolean reindexTargetExists() {
        try {
            return client.indices().existsAlias(e -> e.name(names.reindexAlias())).value();
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unavailable("lookup of alias " + names.reindexAlias(), e);
        }
    }

    private void dropReindexAlias() throws IOException {
        if (client.indices().existsAlias(e -> e.name(names.reindexAlias())).value()) {
            client.indices().deleteAlias(d -> d.index("*").name(names.reindexAlias()));
        }
    }

    /** Number of documents in the live index (operations, progress). */
    public long count() {
        try {
            return client.count(c -> c.index(names.readAlias())).count();
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unavailable("count of " + names.readAlias(), e);
        }
    }

    /** Makes all writes so far searchable now (tests, operations; the index also refreshes every second). */
    public void refresh() {
        try {
            client.indices().refresh(r -> r.index(names.readAlias()));
        } catch (IOException | RuntimeException e) {
            throw SearchErrors.unavailable("refresh of " + names.readAlias(), e);
        }
    }

    /**
     * Readiness of search: the node answers and the message index is green or yellow. Never throws.
     */
    public boolean isHealthy() {
        try {
            if (!client.indices().existsAlias(e -> e.name(names.readAlias())).value()) {
                return false;
            }
            HealthResponse health = client.cluster().health(h -> h.index(names.readAlias())
                    .timeout(t -> t.time(SearchClientFactory.HEALTH_TIMEOUT)));
            return health.status() == HealthStatus.Green || health.status() == HealthStatus.Yellow;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Search health check failed: {0}", SearchErrors.describe(e));
            return false;
        }
    }

    public SearchIndexNames names() {
        return names;
    }

    static InputStream mappingResource() {
        InputStream in = SearchIndexAdmin.class.getResourceAsStream(MAPPING_RESOURCE);
        if (in == null) {
            throw new UncheckedIOException(new IOException("Missing class-path resource " + MAPPING_RESOURCE));
        }
        return in;
    }

    /** The mapping resource as text (for diagnostics and tests). */
    static String mappingJson() {
        try (InputStream in = mappingResource()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
