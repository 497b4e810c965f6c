import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const pom = resolve('tools/test-server/pom.xml');
const dir = resolve('.tools/test-server');
const classpathFile = resolve(dir, 'classpath.txt');
export const javaTestServerLauncher = resolve(dir, 'temporal-test-server');

/**
 * Makes sure the Temporal time-skipping test server (Java, io.temporal:temporal-test-server from
 * Maven Central, version pinned in tools/test-server/pom.xml) is resolved into ~/.m2, and writes a
 * launcher the SDK can run as `launcher <port> --enable-time-skipping`.
 */
export function ensureJavaTestServer(): string {
  const fresh = existsSync(classpathFile) && statSync(classpathFile).mtimeMs > statSync(pom).mtimeMs;
  if (!fresh || !existsSync(javaTestServerLauncher)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('mvn', ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], {
      stdio: 'inherit',
    });
    const classpath = readFileSync(classpathFile, 'utf8').trim();
    writeFileSync(
      javaTestServerLauncher,
      // Serial GC and C1-only keep the JVM's start fast and small for short test runs.
      `#!/bin/sh\nexec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -cp '${classpath}' io.temporal.testserver.TestServer "$@"\n`,
    );
    chmodSync(javaTestServerLauncher, 0o755);
  }
  return javaTestServerLauncher;
}
