#pragma once
// What every check of the host shares: the tally of passed and failed checks,
// and the XLL's registered functions, called as Excel calls them.

#include <windows.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "case_file.hpp"
#include "excel_opers.hpp"
#include "utf16.hpp"
#include "xll_under_test.hpp"

namespace kpilot::xll::host {

using fake::Opers;
using fake::ReadResult;

class Tally {
public:
    void check(bool ok, const std::string& what, const std::string& why = "") {
        std::lock_guard lock(mutex_);
        if (ok) {
            ++passed_;
            return;
        }
        ++failed_;
        if (failed_ <= 60) std::printf("FAIL %s%s%s\n", what.c_str(), why.empty() ? "" : ": ", why.c_str());
    }
    void skip(const std::string& what) {
        std::lock_guard lock(mutex_);
        ++skipped_;
        std::printf("skipped %s\n", what.c_str());
    }
    int close() const {
        std::printf("%d passed, %d failed", passed_, failed_);
        if (skipped_ > 0) std::printf(", %d skipped", skipped_);
        std::printf("\n");
        return failed_ == 0 && passed_ > 0 ? 0 : 1;
    }

private:
    std::mutex mutex_;
    int passed_ = 0, failed_ = 0, skipped_ = 0;
};

inline std::string narrow(const std::u16string& text) { return utf8_from_utf16(text); }

inline std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// Every call's result to the last bit (fake::bits_of), by the case it answers, in
// call order, written to a file so that the 32-bit and 64-bit runs can be
// compared line by line (tests/compare_results.sh).
class ResultRecord {
public:
    void add(const std::string& what, const ReadResult& read) { add(what, fake::bits_of(read)); }
    void add(const std::string& what, const std::string& bits) {
        std::lock_guard lock(mutex_);
        lines_.push_back(what + "\t" + bits);
    }
    bool write(const std::string& path) const {
        std::lock_guard lock(mutex_);
        FILE* f = std::fopen(path.c_str(), "wb");
        if (!f) return false;
        for (const auto& line : lines_) std::fprintf(f, "%s\n", line.c_str());
        return std::fclose(f) == 0;
    }
    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return lines_.size();
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

// A case's arguments as Excel passes them; ranges as a row or as a column, as users select either.
inline std::vector<XLOPER12*> case_arguments(const testing::KpiCase& c, Opers& opers, bool ranges_as_rows) {
    std::vector<XLOPER12*> arguments;
    for (const Argument& a : c.arguments) arguments.push_back(opers.argument(a, ranges_as_rows ? 1 : 0));
    return arguments;
}

// "kpis.cases:24: KPI.ROMI(1000, 0.4, 200)": the same in every run, wherever the file is.
inline std::string case_name(const testing::KpiCase& c) {
    return c.file.substr(c.file.find_last_of("/\\") + 1) + ":" + std::to_string(c.line) + ": " + c.source;
}

// A file name of this host's own: the x64 and x86 hosts run at once in one directory.
inline std::string own_file(const std::string& stem, const std::string& extension) {
    return stem + (sizeof(void*) == 8 ? "-x64" : "-x86") + extension;
}

// A registered worksheet function as Excel would call it.
struct Registered {
    FARPROC address = nullptr;
    std::size_t arity = 0;
};

struct Host {
    XllUnderTest& xll;
    Tally& tally;
    std::map<std::string, Registered> functions;  // by upper-case worksheet name
    ResultRecord record;

    // Calls the export as Excel does and reads the result, handing xlbitDLLFree memory
    // straight back to xlAutoFree12 on this thread, as Excel does before its next call.
    ReadResult call(const Registered& f, std::vector<XLOPER12*> arguments, Opers& opers) const {
        while (arguments.size() < f.arity) arguments.push_back(opers.missing());
        XLOPER12* result = host::call_export(f.address, arguments);
        ReadResult read = fake::read_result(result);
        if (read.dll_free) xll.auto_free(result);
        return read;
    }
    ReadResult call(const std::string& name, std::vector<XLOPER12*> arguments, Opers& opers) const {
        const auto found = functions.find(upper(name));
        if (found == functions.end()) {
            ReadResult missing;
            missing.problem = name + " is not registered";
            return missing;
        }
        return call(found->second, std::move(arguments), opers);
    }
    // KPI.EXPLAIN for the same arguments.
    std::string explain(const std::string& kpi, std::vector<XLOPER12*> arguments, Opers& opers) const {
        arguments.insert(arguments.begin(), opers.text(utf16_from_utf8(kpi)));
        const ReadResult read = call("KPI.EXPLAIN", arguments, opers);
        return read.value.is_text() ? read.value.text() : "(KPI.EXPLAIN gave " + to_display_text(read.value) + ")";
    }
};

}  // namespace kpilot::xll::host
