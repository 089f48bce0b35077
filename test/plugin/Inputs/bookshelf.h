// Sequences of strings in every container the plugin accepts, in a packed
// and an unpacked table, and inside a sequence of tables: all share the one
// generated wrapper KarmemString (test/plugin/sequences-of-strings.cpp).
#include <karmem/karmem.h>

#include <memory>

template <class T> struct other_allocator {
  using value_type = T;
  other_allocator() = default;
  template <class U> other_allocator(const other_allocator<U> &) noexcept {}
  T *allocate(size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T *p, size_t n) noexcept { std::allocator<T>().deallocate(p, n); }
  template <class U> bool operator==(const other_allocator<U> &) const noexcept { return true; }
};
using Text = std::basic_string<char, std::char_traits<char>, other_allocator<char>>;

struct KARMEM_STRUCT(table) Book {
  std::string title;
  std::vector<std::string> authors;    // []KarmemString
};
struct KARMEM_STRUCT(table, unpacked) Loose {
  std::vector<std::string> words;      // []KarmemString: the same, packed, wrapper
  uint8_t count;
};
struct KARMEM_STRUCT(table) Shelf {
  std::vector<std::string> names;      // []KarmemString
  karmem::limited<std::string, 3> few; // [<3]KarmemString
  std::array<std::string, 2> pair;     // [2]KarmemString
  std::string c_array[2];              // [2]KarmemString
  std::vector<Text> texts;             // []KarmemString: another allocator
  std::vector<Book> books;             // []BookItem
  Loose loose;
};
