import { defineConfig } from 'drizzle-kit';

/** For `npx drizzle-kit generate --name <what-changed>`: writes the next migration from src/store/schema.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './src/store/migrations',
});
