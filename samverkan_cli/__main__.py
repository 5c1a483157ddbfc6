from samverkan_cli.cli import main

main()
