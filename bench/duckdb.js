// bench/duckdb.js FORMAT INPUT - DuckDB (the npm package @duckdb/node-api,
// installed by bench/run into bench/duckdb/) reads a CSV or JSON file and
// writes it as JSON lines or CSV to /dev/stdout, as the other tools do:
//   node bench/duckdb.js csv2json IN.csv     read_csv -> COPY (FORMAT json)
//   node bench/duckdb.js json2csv IN.ndjson  read_json -> COPY (FORMAT csv)
const path = require('path');
const { DuckDBInstance } = require(path.join(__dirname, 'duckdb', 'node_modules',
                                             '@duckdb', 'node-api'));

async function main() {
    const [mode, input] = process.argv.slice(2);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const q = input.replace(/'/g, "''");
    const src = mode === 'csv2json' ? `read_csv('${q}')`
                                    : `read_json('${q}')`;
    const fmt = mode === 'csv2json' ? 'json' : 'csv';
    await con.run(`COPY (SELECT * FROM ${src}) TO '/dev/stdout' (FORMAT ${fmt})`);
}
main().catch((e) => { console.error(e.message); process.exit(1); });
