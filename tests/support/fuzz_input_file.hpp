#pragma once
// The fuzzer's bytes as a file, for readers that take a path (the dataset
// engine, targets, attribution): an in-memory file (memfd) rewritten for each
// input, so a run of millions of inputs never touches the disk.

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace kpilot::testing {

class FuzzInputFile {
public:
    explicit FuzzInputFile(const char* name) : fd_(::memfd_create(name, 0)) {
        if (fd_ < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        path_ = "/proc/self/fd/" + std::to_string(fd_);
    }
    ~FuzzInputFile() { ::close(fd_); }
    FuzzInputFile(const FuzzInputFile&) = delete;
    FuzzInputFile& operator=(const FuzzInputFile&) = delete;

    // Replaces the contents; the readers open the path afresh each time.
    const std::string& holding(const std::uint8_t* data, std::size_t size) {
        if (::ftruncate(fd_, 0) != 0) std::abort();
        std::size_t written = 0;
        while (written < size) {
            const ssize_t n = ::pwrite(fd_, data + written, size - written, static_cast<off_t>(written));
            if (n <= 0) std::abort();
            written += static_cast<std::size_t>(n);
        }
        return path_;
    }
    const std::string& holding(const std::string& text) {
        return holding(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    }

private:
    int fd_;
    std::string path_;
};

}  // namespace kpilot::testing
