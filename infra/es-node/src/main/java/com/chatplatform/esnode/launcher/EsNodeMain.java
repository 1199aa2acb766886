package com.chatplatform.esnode.launcher;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.elasticsearch.bootstrap.ServerArgs;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.io.stream.BytesStreamOutput;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.KeyStoreWrapper;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;

/**
 * Stands in for the Elasticsearch server CLI, which is not published on Maven Central.
 *
 * <p>The real CLI runs in its own JVM, prepares the node's environment and settings, and hands them to the server
 * JVM as a serialised {@link ServerArgs} on the server's stdin. This main does the same in-process: it prepares the
 * environment from {@code config/} and the {@code -Ekey=value} arguments, creates an empty in-memory keystore, puts
 * the serialised arguments in front of {@link System#in}, then calls the server's own main. After the arguments, the
 * server keeps reading stdin: byte 0x1B asks for a clean shutdown and end of stream stops it as well.
 *
 * <p>Needs {@code -Des.path.home} (and optionally {@code -Des.path.conf}); the other JVM flags are listed in
 * infra/es-node/README.md.
 */
public final class EsNodeMain {

    private EsNodeMain() {
    }

    public static void main(String[] args) throws Throwable {
        String homeProperty = System.getProperty("es.path.home");
        if (homeProperty == null || homeProperty.isBlank()) {
            throw new IllegalStateException("System property es.path.home must point at the Elasticsearch home.");
        }
        Path home = Path.of(homeProperty).toAbsolutePath().normalize();
        Path config = Path.of(System.getProperty("es.path.conf", home.resolve("config").toString()))
            .toAbsolutePath()
            .normalize();
        if (!Files.isRegularFile(config.resolve("elasticsearch.yml"))) {
            throw new IllegalStateException("No elasticsearch.yml in " + config + ": run ./mvnw package first.");
        }
        Map<String, String> overrides = parseSettings(args);

        LogConfigurator.configureESLogging();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            Settings.builder().put("path.home", home.toString()).build(),
            overrides,
            config,
            () -> "chat-es-" + ProcessHandle.current().pid());

        KeyStoreWrapper keystore = KeyStoreWrapper.create();
        ServerArgs serverArgs = new ServerArgs(
            false, // daemonize
            false, // quiet
            null, // no pid file
            keystore,
            environment.settings(),
            environment.configDir(),
            environment.logsDir());
        byte[] serialised;
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            serverArgs.writeTo(out);
            serialised = BytesReference.toBytes(out.bytes());
        }
        InputStream parentStdin = System.in;
        System.setIn(new SequenceInputStream(new ByteArrayInputStream(serialised), parentStdin));

        // org.elasticsearch.bootstrap.Elasticsearch is package-private: needs
        // --add-opens=org.elasticsearch.server/org.elasticsearch.bootstrap=ALL-UNNAMED.
        Class<?> server = Class.forName("org.elasticsearch.bootstrap.Elasticsearch");
        Method serverMain = server.getDeclaredMethod("main", String[].class);
        serverMain.setAccessible(true);
        try {
            serverMain.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Accepts {@code -Ekey=value} and {@code -E key=value}. */
    static Map<String, String> parseSettings(String[] args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String keyValue;
            if (arg.equals("-E") && i + 1 < args.length) {
                keyValue = args[++i];
            } else if (arg.startsWith("-E") && arg.length() > 2) {
                keyValue = arg.substring(2);
            } else {
                throw new IllegalArgumentException("Unexpected argument [" + arg + "]: only -Ekey=value is accepted.");
            }
            int eq = keyValue.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Setting [" + keyValue + "] must be key=value.");
            }
            String key = keyValue.substring(0, eq);
            if (settings.put(key, keyValue.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("Setting [" + key + "] given twice.");
            }
        }
        return settings;
    }
}
