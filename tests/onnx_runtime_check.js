// Runs a model loupe-cli export wrote in ONNX Runtime (npm onnxruntime-node, CPU) on every row
// of a raw CSV and compares its outputs with loupe-cli predict's predictions.csv.
// Usage: node onnx_runtime_check.js MODEL.onnx SPEC.json DATA.csv PREDICTIONS.csv [TOLERANCE]
// SPEC.json is written by onnx_check.py. Prints the largest absolute difference; exits 1 when it
// is above TOLERANCE (default 1e-5).
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

/** Rows of fields; handles quoted fields ("" inside quotes), CRLF and a trailing newline. */
function parseCsv(text) {
    const rows = [];
    let row = [], field = '', quoted = false;
    for (let i = 0; i < text.length; ++i) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; }
            else if (c === '"') quoted = false;
            else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') { row.push(field); field = ''; }
        else if (c === '\n' || c === '\r') {
            if (c === '\r' && text[i + 1] === '\n') ++i;
            row.push(field); rows.push(row); row = []; field = '';
        } else field += c;
    }
    if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
    return rows;
}

// Loupe's missing markers (core/data/column_builder.cpp isMissingMarker).
const missing = (text) => ['', '?', 'na', 'n/a', 'nan', 'null'].includes(text.trim().toLowerCase());

function column(table, name) {
    const at = table[0].indexOf(name);
    if (at < 0) throw new Error(`column '${name}' is not in the CSV`);
    return table.slice(1).map((r) => r[at]);
}

async function main() {
    const [modelFile, specFile, dataFile, predictionsFile, tolerance = '1e-5'] =
        process.argv.slice(2);
    const spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
    const data = parseCsv(fs.readFileSync(dataFile, 'utf8'));
    const rows = data.length - 1;

    const feeds = {};
    const k = spec.numeric_columns.length;
    if (k > 0) {
        const x = new Float32Array(rows * k);
        spec.numeric_columns.forEach((name, j) => {
            column(data, name).forEach((text, r) => {
                x[r * k + j] = missing(text) ? NaN : Number(text.trim());
            });
        });
        feeds.features = new ort.Tensor('float32', x, [rows, k]);
    }
    for (const [input, name] of Object.entries(spec.categorical_inputs))
        feeds[input] = new ort.Tensor('string', column(data, name), [rows, 1]);

    const session = await ort.InferenceSession.create(modelFile, {executionProviders: ['cpu']});
    const result = await session.run(feeds);
    const out = result[spec.output];
    const expected = parseCsv(fs.readFileSync(predictionsFile, 'utf8'));
    const names = spec.task === 'classification' ? spec.classes.map((c) => 'p_' + c)
                                                  : ['predicted'];
    if (expected.length - 1 !== rows) throw new Error('predictions.csv has another row count');
    if (out.dims[0] !== rows || out.dims[1] !== names.length)
        throw new Error(`output '${spec.output}' has shape [${out.dims}]`);
    let worst = 0, where = '';
    names.forEach((name, j) => {
        column(expected, name).forEach((text, r) => {
            const diff = Math.abs(out.data[r * names.length + j] - Number(text));
            if (!(diff <= worst)) { worst = diff; where = `row ${r}, ${name}`; }
        });
    });
    console.log(`onnxruntime-node ${ort.env.versions.common}: ${rows} rows of ${dataFile}, ` +
                `max |onnx - loupe-cli predict| = ${worst.toExponential(3)} (${where})`);
    if (!(worst <= Number(tolerance))) {
        console.error(`onnx_runtime_check: difference above ${tolerance}`);
        process.exit(1);
    }
}

main().catch((e) => {
    console.error('onnx_runtime_check: ' + e.message);
    process.exit(1);
});
