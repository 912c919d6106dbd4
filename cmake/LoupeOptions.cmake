# Compiler flags shared by every Loupe target, applied through the loupe_options interface library.
add_library(loupe_options INTERFACE)
target_compile_options(loupe_options INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow>
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<BOOL:${LOUPE_WERROR}>>:-Werror>)

# x86-64-v3 (AVX2 + FMA) is the floor the release build assumes; LOUPE_NATIVE tunes for this processor.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
    if(LOUPE_NATIVE)
        target_compile_options(loupe_options INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-march=native>)
    else()
        target_compile_options(loupe_options INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-march=x86-64-v3>)
    endif()
endif()

if(LOUPE_SANITIZE)
    string(REPLACE ";" "," _loupe_san "${LOUPE_SANITIZE}")
    target_compile_options(loupe_options INTERFACE
        $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=${_loupe_san} -fno-omit-frame-pointer -fno-sanitize-recover=undefined>)
    target_link_options(loupe_options INTERFACE -fsanitize=${_loupe_san})
endif()
