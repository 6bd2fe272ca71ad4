#include "xlsx_finish.hpp"

#include <minizip/unzip.h>
#include <minizip/zip.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace kpilot::templates {

namespace {

// The calcId Excel 2019 and Microsoft 365 write.
constexpr std::string_view current_excel_calc_id = "191029";
constexpr std::size_t copy_chunk = std::size_t{1} << 20;

bool is_error_code(std::string_view text) {
    for (std::string_view code : {"#DIV/0!", "#VALUE!", "#NUM!", "#N/A", "#NAME?", "#REF!", "#NULL!"})
        if (text == code) return true;
    return false;
}

struct Closer {
    unzFile in = nullptr;
    zipFile out = nullptr;
    ~Closer() {
        if (in) unzClose(in);
        if (out) zipClose(out, nullptr);
    }
};

}  // namespace

std::string cache_errors_as_errors(std::string xml) {
    // <c r="F12" s="8" t="str"><f>...</f><v>#DIV/0!</v></c>: formula text is
    // escaped XML, so the cell's tag is the last "<c " before its value.
    for (std::size_t at = xml.find("<v>#"); at != std::string::npos; at = xml.find("<v>#", at + 1)) {
        const std::size_t end = xml.find("</v>", at);
        if (end == std::string::npos) break;
        if (!is_error_code(std::string_view(xml).substr(at + 3, end - at - 3))) continue;
        const std::size_t cell = xml.rfind("<c ", at);
        const std::size_t tag_end = cell == std::string::npos ? std::string::npos : xml.find('>', cell);
        if (tag_end == std::string::npos || tag_end > at) continue;
        const std::size_t type = xml.find(" t=\"str\"", cell);
        if (type != std::string::npos && type < tag_end) xml.replace(type, 8, " t=\"e\"");
    }
    return xml;
}

std::string load_without_recalculation(std::string xml) {
    const std::size_t start = xml.find("<calcPr");
    if (start == std::string::npos) return xml;
    const std::size_t end = xml.find("/>", start);
    if (end == std::string::npos) return xml;
    return xml.replace(start, end + 2 - start, "<calcPr calcId=\"" + std::string(current_excel_calc_id) + "\"/>");
}

Result<bool> finish_xlsx(const std::string& path, const std::vector<std::string>& sheet_parts) {
    const std::string partial = path + ".finishing";
    auto fail = [&](const std::string& what) {
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);
        return make_error(ErrorKind::value, "cannot finish " + path + ": " + what);
    };
    {
        Closer files;
        files.in = unzOpen64(path.c_str());
        if (!files.in) return fail("it does not read as a zip file");
        files.out = zipOpen64(partial.c_str(), APPEND_STATUS_CREATE);
        if (!files.out) return fail("cannot create " + partial);
        std::vector<char> buffer(copy_chunk);
        for (int more = unzGoToFirstFile(files.in); more == UNZ_OK; more = unzGoToNextFile(files.in)) {
            unz_file_info64 info{};
            char name[1024];
            if (unzGetCurrentFileInfo64(files.in, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
                return fail("an unreadable entry");
            zip_fileinfo entry{};
            entry.dosDate = info.dosDate;
            entry.internal_fa = info.internal_fa;
            entry.external_fa = info.external_fa;
            entry.tmz_date = {info.tmu_date.tm_sec,  info.tmu_date.tm_min, info.tmu_date.tm_hour,
                              info.tmu_date.tm_mday, info.tmu_date.tm_mon, info.tmu_date.tm_year};
            const bool large = info.uncompressed_size >= 0xffffffffu || info.compressed_size >= 0xffffffffu;
            const std::string part = name;
            const bool rewrite = part == "xl/workbook.xml" ||
                                 std::find(sheet_parts.begin(), sheet_parts.end(), part) != sheet_parts.end();
            if (rewrite) {
                if (unzOpenCurrentFile(files.in) != UNZ_OK) return fail("cannot read " + part);
                std::string text;
                for (int got;
                     (got = unzReadCurrentFile(files.in, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0;)
                    text.append(buffer.data(), static_cast<std::size_t>(got));
                unzCloseCurrentFile(files.in);
                text = part == "xl/workbook.xml" ? load_without_recalculation(std::move(text))
                                                 : cache_errors_as_errors(std::move(text));
                if (zipOpenNewFileInZip64(files.out, name, &entry, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                          Z_DEFAULT_COMPRESSION, large) != ZIP_OK ||
                    zipWriteInFileInZip(files.out, text.data(), static_cast<unsigned>(text.size())) != ZIP_OK ||
                    zipCloseFileInZip(files.out) != ZIP_OK)
                    return fail("cannot write " + part);
                continue;
            }
            // Copied compressed as it is: method, level and CRC stay the same.
            int method = 0, level = 0;
            if (unzOpenCurrentFile2(files.in, &method, &level, 1) != UNZ_OK) return fail("cannot read " + part);
            if (zipOpenNewFileInZip2_64(files.out, name, &entry, nullptr, 0, nullptr, 0, nullptr, method, level, 1,
                                        large) != ZIP_OK)
                return fail("cannot write " + part);
            for (int got;
                 (got = unzReadCurrentFile(files.in, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0;)
                if (zipWriteInFileInZip(files.out, buffer.data(), static_cast<unsigned>(got)) != ZIP_OK)
                    return fail("cannot write " + part);
            unzCloseCurrentFile(files.in);
            if (zipCloseFileInZipRaw64(files.out, info.uncompressed_size, info.crc) != ZIP_OK)
                return fail("cannot write " + part);
        }
        const int closed = zipClose(files.out, nullptr);
        files.out = nullptr;
        if (closed != ZIP_OK) return fail("cannot close " + partial);
    }
    std::error_code error;
    std::filesystem::rename(partial, path, error);
    if (error) return fail(error.message());
    return true;
}

}  // namespace kpilot::templates
