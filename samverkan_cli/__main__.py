from samverkan_cli.cli.app import main

main()
