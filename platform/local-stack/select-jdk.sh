# Sourced by .ci/run and platform/local-stack/run.sh: points JAVA_HOME at a JDK >= 21, keeping one the caller chose.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
  echo "Account Health needs a JDK 21 or newer: install one and set JAVA_HOME to it." >&2
  exit 1
fi
