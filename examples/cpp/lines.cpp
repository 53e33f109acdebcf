// lines.cpp - a plugin written in C++: the "lines" format, one inspected
// body's name per line, read and written. It shows that the plugin
// headers compile as C++ and that INSPEX_PLUGIN_DEFINE gives the entry
// symbol C linkage, so the host finds it.
//
//   g++ -std=c++20 -shared -fPIC $(pkg-config --cflags inspex)
//       -o lines.so lines.cpp $(pkg-config --libs inspex)
#include <cstring>
#include <string>

#include <inspex/plugin.h>

namespace {

int lines_probe(const unsigned char *data, size_t len)
{
    // a signature: the first line says what the file is
    static const char magic[] = "# lines\n";
    return len >= sizeof(magic) - 1 &&
                   std::memcmp(data, magic, sizeof(magic) - 1) == 0
               ? INSPEX_PROBE_SIGNATURE
               : INSPEX_PROBE_NO;
}

inspex_status_t lines_import(inspex_import_t *ctx, inspex_error_t *err)
{
    unsigned long n = 0;
    for (;;) {
        const char *line;
        size_t len;
        inspex_status_t st = inspex_reader_getline(inspex_import_reader(ctx),
                                                   &line, &len, err);
        if (st != INSPEX_OK || line == nullptr)
            return st;
        n++;
        if (len == 0 || line[0] == '#')
            continue;
        inspex_inspection_t *insp = inspex_inspection_new();
        if (insp == nullptr)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        st = inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME, line, 0, err);
        if (st != INSPEX_OK) {
            inspex_inspection_free(insp);
            inspex_error_locate(err, inspex_import_source(ctx), n, 1);
            return inspex_import_reject(ctx, line, len, err);
        }
        inspex_inspection_set_origin(insp, inspex_import_source(ctx), n);
        st = inspex_import_emit(ctx, insp, line, len, err);
        if (st != INSPEX_OK)
            return st;
    }
}

inspex_status_t lines_begin(inspex_export_t *ctx, void **state,
                            inspex_error_t *err)
{
    (void)state;
    return inspex_writer_puts(inspex_export_writer(ctx), "# lines\n", err);
}

inspex_status_t lines_record(inspex_export_t *ctx, void *state,
                             const inspex_inspection_t *insp,
                             inspex_error_t *err)
{
    (void)state;
    const char *name = inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME);
    if (inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED) != nullptr)
        inspex_export_warn(ctx, insp, "the publication date is not kept");
    std::string line = std::string(name ? name : "") + "\n";
    return inspex_writer_write(inspex_export_writer(ctx), line.data(),
                               line.size(), err);
}

const char *const extensions[] = {"lines", nullptr};

// C++20 designated initialisers, in the order of the fields
const inspex_plugin_t lines = {
    .abi = INSPEX_PLUGIN_ABI,
    .size = sizeof(inspex_plugin_t),
    .name = "lines",
    .description = "one body name per line (a C++ example)",
    .version = "1.0",
    .extensions = extensions,
    .media_types = nullptr,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
    .options = nullptr,
    .probe = lines_probe,
    .import = lines_import,
    .export_begin = lines_begin,
    .export_record = lines_record,
    .export_end = nullptr,
    .export_free = nullptr,
    .reserved = {},
    .headers = INSPEX_PLUGIN_HEADERS,
};

} // namespace

INSPEX_PLUGIN_DEFINE(lines)
