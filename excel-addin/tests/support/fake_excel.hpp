#pragma once
// Excel's side of the C API, played by a test: what an XLL can ask of Excel
// through MdCallBack12 (xlGetName, xlCoerce, xlFree, xlfRegister,
// xlfUnregister, xlfSetName), answered the way Excel documents it, with a
// small sheet behind the references. It records what the add-in did and every
// rule it broke: memory freed that Excel never handed out, memory never freed,
// a callback Excel forbids outside its main thread.
//
// The native unit tests and the wine-hosted host both use it; the host exports
// MdCallBack12 and forwards to fake_md_callback12.

#include <atomic>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "excel_c_api.hpp"
#include "kpilot/value.hpp"

namespace kpilot::xll::fake {

// One xlfRegister call as Excel received it.
struct Registration {
    std::vector<std::uint32_t> argument_types;  // the xltype of each argument as passed
    std::u16string module, procedure, type_text, function_text, argument_text, category, function_help;
    double macro_type = -1;
    std::vector<std::u16string> argument_help;  // every help string passed, the trailing empty one included
    double register_id = 0;
};

class FakeExcel {
public:
    static FakeExcel& instance();

    // Forgets everything recorded and every cell; the calling thread becomes Excel's main thread.
    void reset(std::u16string dll_path);

    // The sheet references point into. Cells are 0-based (row, column).
    static constexpr IDSHEET sheet_id = 0x5EE7;
    void set_cell(RW row, COL column, Value value);
    // xlCoerce of a reference touching this cell answers xlretUncalced until it is calculated.
    void set_uncalculated(RW row, COL column, bool uncalculated);
    // A column of numbers from row 0 down, as a large export fills one: kept as doubles,
    // so a million cells cost 8 MB here rather than a map entry each. Cells set one by
    // one in the same column take precedence.
    void set_number_column(COL column, std::vector<double> numbers);
    // The size of Excel's sheet: xlCoerce fails for an area beyond it.
    static constexpr RW sheet_rows = 1048576;
    static constexpr COL sheet_columns = 16384;

    std::vector<Registration> registrations() const;
    std::vector<double> unregistered_ids() const;
    std::vector<std::u16string> deleted_names() const;
    // Memory Excel handed to the add-in (xlGetName, xlCoerce) that it has not given back with xlFree.
    std::size_t blocks_outstanding() const;
    std::size_t coerce_calls() const { return coerce_calls_.load(); }
    // Since reset: blocks Excel handed the add-in (xlGetName, xlCoerce) and blocks it took back through xlFree.
    std::size_t blocks_handed_out() const;
    std::size_t blocks_freed() const;
    // Every rule the add-in broke, in words.
    std::vector<std::string> problems() const;

    int callback(int xlfn, int count, XLOPER12** opers, XLOPER12* result);

private:
    struct Block {
        std::vector<XLOPER12> opers;
        std::deque<std::u16string> strings;  // a deque: XLOPER12s point into these
    };
    struct Cell {
        Value value;
        bool uncalculated = false;
    };

    int get_name(XLOPER12* result);
    int coerce(int count, XLOPER12** opers, XLOPER12* result);
    int coerce_area(const XLREF12& area, std::uint32_t wanted, XLOPER12* result);
    int free(int count, XLOPER12** opers);
    int register_function(int count, XLOPER12** opers, XLOPER12* result);
    void problem(std::string what);
    void hand_out(std::unique_ptr<Block> block, const void* key);

    mutable std::mutex mutex_;
    std::thread::id main_thread_;
    std::u16string dll_path_;
    std::map<std::pair<RW, COL>, Cell> cells_;
    std::map<COL, std::vector<double>> number_columns_;
    std::size_t handed_out_count_ = 0, freed_count_ = 0;
    std::map<const void*, std::unique_ptr<Block>> handed_out_;
    std::vector<Registration> registrations_;
    std::vector<double> unregistered_;
    std::vector<std::u16string> deleted_names_;
    std::vector<std::string> problems_;
    double next_register_id_ = 1001;
    std::atomic<std::size_t> coerce_calls_{0};
};

// MdCallBack12's signature, answering from FakeExcel::instance().
int KPILOT_XLL_STDCALL fake_md_callback12(int xlfn, int count, XLOPER12** opers, XLOPER12* result);

}  // namespace kpilot::xll::fake
