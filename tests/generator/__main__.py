from tests.generator import main

main()
