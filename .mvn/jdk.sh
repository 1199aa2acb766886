# Sourced by ./mvnw, ./chat and .ci/run: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps a JAVA_HOME that is already new enough; otherwise looks in the usual JVM folders.
chat_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}
chat_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -r) \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(chat_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if ! CHAT_JDK=$(chat_find_jdk); then
  echo "This project needs a JDK 21 or newer (found none in JAVA_HOME, /usr/lib/jvm or on the PATH): install one and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$CHAT_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
