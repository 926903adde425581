package com.example.bookstore.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.springframework.core.io.Resource;

import com.example.bookstore.api.Book;
import com.example.bookstore.api.BookService;

/** Serves the catalogue from catalog.properties (ISBN = title), a GBK file kept from the original system. */
public class CatalogBookService implements BookService {

    private static final Charset CATALOG_ENCODING = Charset.forName("GBK");

    private final Properties titles = new Properties();

    public void setCatalog(Resource catalog) throws IOException {
        try (InputStream in = catalog.getInputStream(); Reader reader = new InputStreamReader(in, CATALOG_ENCODING)) {
            titles.load(reader);
        }
    }

    @Override
    public Book findBook(String isbn) {
        String title = titles.getProperty(isbn);
        return title == null ? null : new Book(isbn, title, "book-provider");
    }

    @Override
    public List<String> listIsbns() {
        List<String> isbns = new ArrayList<String>(titles.stringPropertyNames());
        Collections.sort(isbns);
        return isbns;
    }
}
