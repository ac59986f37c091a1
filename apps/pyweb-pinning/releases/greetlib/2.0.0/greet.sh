# greetlib 2.0.0, published "a month later": a major release that renamed greet() to say_hello().
# Code written for 1.x breaks against it, which is what an unpinned requirement picks up.
GREETLIB_VERSION=2.0.0
say_hello() { echo "hello, $1"; }
