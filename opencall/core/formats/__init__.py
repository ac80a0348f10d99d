"""Date formats where the project differs from Django's (FORMAT_MODULE_PATH).

Django writes English dates as "Jan. 23, 2027"; the call's texts, mail and pages say
"23 January 2027", as the other languages already do (French "23 janvier 2027",
Spanish and Portuguese "23 de enero de 2027"), so every page names a date one way.
"""
