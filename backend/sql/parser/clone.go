package parser

import "reflect"

// Clone copies a syntax tree (or any part of one) deeply: its pointers,
// slices and interfaces, so that the copy can be changed without changing
// the original (a prepared statement is analysed again at each EXECUTE).
// Unexported fields are copied as they are.
func Clone[T any](x T) T {
	return clone(reflect.ValueOf(&x)).Elem().Interface().(T)
}

func clone(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		n := reflect.New(v.Elem().Type())
		n.Elem().Set(clone(v.Elem()))
		return n
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		n := reflect.New(v.Type()).Elem()
		n.Set(clone(v.Elem()))
		return n
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			n.Index(i).Set(clone(v.Index(i)))
		}
		return n
	case reflect.Struct:
		n := reflect.New(v.Type()).Elem()
		n.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				n.Field(i).Set(clone(v.Field(i)))
			}
		}
		return n
	}
	return v
}
