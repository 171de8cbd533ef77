/**
 * The DuckDB side of `npm run bench`: what an analyst would write to pull the watched services'
 * events out of an archive, counted. Usage: node test/bench/duckdb-query.mjs '<glob>' <eventSource>...
 * Records are read as JSON (no schema inference over CloudTrail's free-form parameters); a
 * CloudTrail file is one JSON object, so the object size limit is raised to the largest file.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [glob, ...sources] = process.argv.slice(2);
if (!glob || sources.length === 0) throw new Error('usage: duckdb-query.mjs <glob> <eventSource>...');
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const sql = `SELECT count(*) FROM (
  SELECT unnest(Records) AS r
  FROM read_json(${quote(glob)}, columns = {Records: 'JSON[]'}, format = 'auto', maximum_object_size = 2147483647)
) WHERE r->>'eventSource' IN (${sources.map(quote).join(', ')})`;
const result = await connection.runAndReadAll(sql);
console.log(String(result.getRows()[0][0]));
