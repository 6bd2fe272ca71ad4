#pragma once
// A file with given contents for one test, removed when the test ends.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace kpilot::testing {

class TempFile {
public:
    TempFile(std::string_view contents, std::string_view extension = ".csv") {
        static std::atomic<int> counter{0};
        path_ = (std::filesystem::temp_directory_path() /
                 ("kpilot_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + std::string(extension)))
                    .string();
        std::ofstream(path_, std::ios::binary) << contents;
    }
    ~TempFile() { std::filesystem::remove(path_); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace kpilot::testing
