import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const pom = root('tools/test-server/pom.xml');
const launcherSource = root('tools/test-server/PeygirTestServer.java');
const dir = root('.tools/test-server');
const classesDir = `${dir}/classes`;
const classpathFile = `${dir}/classpath.txt`;
export const javaTestServerLauncher = `${dir}/temporal-test-server`;

const newerThan = (file: string, ...sources: string[]): boolean =>
  existsSync(file) && sources.every((source) => statSync(file).mtimeMs > statSync(source).mtimeMs);

/**
 * Makes sure the Temporal time-skipping test server (Java, io.temporal:temporal-test-server from
 * Maven Central, version pinned in tools/test-server/pom.xml) is resolved into ~/.m2, compiles its
 * launcher (tools/test-server/PeygirTestServer.java: the server's own main plus `--start-time`), and
 * writes a script the SDK can run as `launcher <port> --enable-time-skipping [--start-time=<epoch ms>]`.
 * Needs `mvn` and a JDK the first time; throws when they are missing.
 */
export function ensureJavaTestServer(): string {
  const launcher = `${classesDir}/PeygirTestServer.class`;
  if (!newerThan(classpathFile, pom) || !newerThan(launcher, launcherSource, classpathFile) || !existsSync(javaTestServerLauncher)) {
    mkdirSync(classesDir, { recursive: true });
    execFileSync('mvn', ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    const classpath = readFileSync(classpathFile, 'utf8').trim();
    execFileSync('javac', ['-cp', classpath, '-d', classesDir, launcherSource], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(
      javaTestServerLauncher,
      // Serial GC and C1-only keep the JVM's start fast and small for short runs.
      `#!/bin/sh\nexec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -cp '${classesDir}:${classpath}' PeygirTestServer "$@"\n`,
    );
    chmodSync(javaTestServerLauncher, 0o755);
  }
  return javaTestServerLauncher;
}
