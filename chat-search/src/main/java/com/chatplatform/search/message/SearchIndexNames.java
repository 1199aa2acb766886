package com.chatplatform.search.message;

import java.util.regex.Pattern;

/**
 * Names of the message index and its aliases for one index prefix (configuration {@code chat.es.index-prefix},
 * default {@code chat}): the concrete index {@code <prefix>-messages-v1}, the read alias {@code <prefix>-messages}
 * and the write alias {@code <prefix>-messages-write}. Application code only ever reads through the read alias and
 * writes through the write alias, so a later {@code -v2} index can be filled and switched to without code changes.
 *
 * @param prefix lower-case letters, digits, '-' or '_', starting with a letter or digit, at most 100 chars
 */
public record SearchIndexNames(String prefix) {

    public static final String DEFAULT_PREFIX = "chat";
    /** Version of the mapping resource {@code search/messages-v1.json} and suffix of the concrete index. */
    public static final int MAPPING_VERSION = 1;

    private static final Pattern VALID_PREFIX = Pattern.compile("[a-z0-9][a-z0-9_-]{0,99}");

    public SearchIndexNames {
        if (prefix == null || !VALID_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Invalid Elasticsearch index prefix '" + prefix
                    + "': use 1-100 lower-case letters, digits, '-' or '_', starting with a letter or digit.");
        }
    }

    /** Names for the given prefix; {@code null} or blank means {@link #DEFAULT_PREFIX}. */
    public static SearchIndexNames of(String prefix) {
        return new SearchIndexNames(prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : prefix.strip());
    }

    /** Names for the default prefix {@code chat}. */
    public static SearchIndexNames defaults() {
        return new SearchIndexNames(DEFAULT_PREFIX);
    }

    /** The concrete index, {@code <prefix>-messages-v1}. */
    public String index() {
        return prefix + "-messages-v" + MAPPING_VERSION;
    }

    /** The alias every search goes through, {@code <prefix>-messages}. */
    public String readAlias() {
        return prefix + "-messages";
    }

    /**
     * A rebuilt index of the current mapping version, {@code <prefix>-messages-v1-<suffix>} (suffix: lower-case
     * letters and digits, for example the reindex job's start time).
     */
    public String versionedIndex(String suffix) {
        if (suffix == null || !suffix.matches("[a-z0-9]{1,40}")) {
            throw new IllegalArgumentException("Invalid index suffix '" + suffix + "'");
        }
        return index() + "-" + suffix;
    }

    /** True when the concrete index belongs to this prefix's message indices (the first one or a rebuilt one). */
    public boolean isMessageIndex(String concreteIndex) {
        return concreteIndex != null && (concreteIndex.equals(index()) || concreteIndex.startsWith(prefix + "-messages-v"));
    }

    /**
     * The alias of the index being filled by a full reindex, {@code <prefix>-messages-reindex}: live writes go to it
     * as well while it exists, and it is removed when the reindex switches or fails.
     */
    public String reindexAlias() {
        return prefix + "-messages-reindex";
    }

    /** The alias every write goes through, {@code <prefix>-messages-write}. */
    public String writeAlias() {
        return prefix + "-messages-write";
    }
}
