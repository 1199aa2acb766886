package com.chatplatform.api.platform;

import com.chatplatform.api.identity.Access;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every REST operation of the API, found by reflection from the resource classes (annotated {@link Path}) under
 * com.chatplatform.api, keyed "METHOD /path" (without /v1). Read by the OpenAPI filter (who may call each
 * operation) and by the isolation matrix test (which fails when an operation has no entry).
 */
public final class Endpoints {
    private Endpoints() {
    }

    /** "METHOD /path" of every resource method, in order. */
    public static Map<String, Method> all() throws IOException, URISyntaxException, ClassNotFoundException {
        Map<String, Method> out = new TreeMap<>();
        for (Class<?> type : resourceClasses()) {
            Path classPath = type.getAnnotation(Path.class);
            for (Method method : type.getDeclaredMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                out.put(http + " " + "/" + strip(classPath.value()) + (methodPath == null ? "" : "/" + strip(methodPath.value())), method);
            }
        }
        return out;
    }

    /** Who may call the method: its own @Access, else its class's; null for a public method. */
    public static Access access(Method method) {
        Access a = method.getAnnotation(Access.class);
        return a != null ? a : method.getDeclaringClass().getAnnotation(Access.class);
    }

    private static List<Class<?>> resourceClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        ClassLoader loader = Endpoints.class.getClassLoader();
        List<Class<?>> out = new ArrayList<>();
        for (URL root : Collections.list(loader.getResources("com/chatplatform/api"))) {
            if (!"file".equals(root.getProtocol())) {
                continue;
            }
            java.nio.file.Path dir = java.nio.file.Path.of(root.toURI());
            java.nio.file.Path base = dir.getParent().getParent().getParent();
            List<String> names = new ArrayList<>();
            try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                        .forEach(f -> names.add(base.relativize(f).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "")));
            }
            for (String name : names) {
                Class<?> type = Class.forName(name, false, loader);
                if (type.isAnnotationPresent(Path.class)) {
                    out.add(type);
                }
            }
        }
        return out;
    }

    private static String strip(String p) {
        return p.replaceAll("^/+|/+$", "");
    }

    private static String httpMethod(Method m) {
        for (Class<? extends Annotation> a : List.of(GET.class, POST.class, PUT.class, PATCH.class, DELETE.class)) {
            if (m.isAnnotationPresent(a)) {
                return a.getSimpleName();
            }
        }
        return null;
    }
}
